"""Feed URLs (under /<language>/feeds/)."""

from django.urls import path

from . import DialogueCommentsFeed, DialoguesFeed, RecordingsFeed

urlpatterns = [
    path("dialogues/", DialoguesFeed(), name="feed-dialogues"),
    path("dialogues/<int:page_id>/comments/", DialogueCommentsFeed(), name="feed-dialogue-comments"),
    path("recordings/", RecordingsFeed(), name="feed-recordings"),
]
