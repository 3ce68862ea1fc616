"""Admin URLs of discussion moderation (under /admin/dialogue-moderation/, registered in wagtail_hooks)."""

from django.urls import path
from django.views.decorators.cache import never_cache

from .admin_views import (
    DialogueListView,
    DialogueParticipationView,
    ModerationQueueView,
    export_discussion,
    export_file,
    moderate_comment,
)

app_name = "dialogue_moderation"

urlpatterns = [
    path("", never_cache(ModerationQueueView.as_view()), name="queue"),
    path("comments/<int:comment_id>/<slug:action>/", moderate_comment, name="moderate"),
    path("dialogues/", never_cache(DialogueListView.as_view()), name="dialogues"),
    path("dialogues/<int:dialogue_id>/", never_cache(DialogueParticipationView.as_view()), name="dialogue"),
    path("dialogues/<int:dialogue_id>/export/<slug:file_format>/", export_discussion, name="export"),
    path("dialogues/<int:dialogue_id>/exports/<str:name>/", export_file, name="export-file"),
]
