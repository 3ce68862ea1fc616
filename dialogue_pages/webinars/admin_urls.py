"""Admin URLs of the audience-question queue (under /admin/webinar-questions/, registered in wagtail_hooks)."""

from django.urls import path

from .admin_views import WebinarListView, WebinarQuestionsView, moderate_question

app_name = "webinar_questions"

urlpatterns = [
    path("", WebinarListView.as_view(), name="list"),
    path("<int:page_id>/", WebinarQuestionsView.as_view(), name="webinar"),
    path("question/<int:question_id>/<str:status>/", moderate_question, name="moderate"),
]
