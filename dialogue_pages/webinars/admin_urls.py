"""The moderator's action on an audience question, beside the listing of ``questions_admin.AudienceQuestionViewSet``.

They share the viewset's URL namespace, ``webinar_questions`` (under /admin/webinar-questions/).
"""

from django.urls import path

from .admin_views import moderate_question

urlpatterns = [
    path("question/<int:question_id>/<str:status>/", moderate_question, name="moderate"),
]
