"""Public discussion URLs (under /<language>/discussion/). No comments REST API is routed."""

from django_comments.views.comments import comment_done
from django_comments_xtd.views import mute

from django.urls import path

from .discussion import views
from .webinars import views as webinar_views

urlpatterns = [
    path("post/", views.post_comment, name="discussion-post"),
    path("posted/", comment_done, name="comments-comment-done"),
    path("comment/<int:comment_id>/", views.comment_link, name="discussion-comment"),
    path("thread/<int:thread_id>/", views.thread_more_replies, name="discussion-thread"),
    path("comment/<int:comment_id>/like/", views.like_comment, name="discussion-like"),
    path("comment/<int:comment_id>/report/", views.report_comment, name="discussion-report"),
    path("comment/<int:comment_id>/edit/", views.edit_comment, name="discussion-edit"),
    path("comment/<int:comment_id>/delete/", views.delete_comment, name="discussion-delete"),
    path("webinar/<int:page_id>/questions/", webinar_views.question_list, name="webinar-questions"),
    path("webinar/<int:page_id>/questions/ask/", webinar_views.ask_question, name="webinar-ask"),
    # The one-click unsubscribe link in follow-up emails (django-comments-xtd's signed key).
    path("mute/<str:key>/", mute, name="comments-xtd-mute"),
]
