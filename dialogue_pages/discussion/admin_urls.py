"""The discussion's admin pages beside the moderation queue (under /admin/dialogue-moderation/).

They share the URL namespace ``dialogue_moderation`` of ``queue.ModerationQueueViewSet``,
which serves the queue itself (``dialogue_moderation:index``) and includes these.
"""

from django.urls import path
from django.views.decorators.cache import never_cache

from .admin_views import (
    DialogueListView,
    DialogueParticipationView,
    export_discussion,
    export_file,
    moderate_comment,
)

urlpatterns = [
    path("comments/<int:comment_id>/<slug:action>/", moderate_comment, name="moderate"),
    path("dialogues/", never_cache(DialogueListView.as_view()), name="dialogues"),
    path("dialogues/<int:dialogue_id>/", never_cache(DialogueParticipationView.as_view()), name="dialogue"),
    path("dialogues/<int:dialogue_id>/export/<slug:file_format>/", export_discussion, name="export"),
    path("dialogues/<int:dialogue_id>/exports/<str:name>/", export_file, name="export-file"),
]
