"""URLs of the planning pages, under /admin/dialogue-planning/ (namespace ``dialogue_planning``)."""

from django.urls import path
from django.views.decorators.cache import never_cache

from .admin_views import ChecklistView, DraftReportView, NewDialogueView

app_name = "dialogue_planning"
urlpatterns = [
    path("<int:dialogue_id>/new/", never_cache(NewDialogueView.as_view()), name="new_dialogue"),
    path("<int:dialogue_id>/checklist/", never_cache(ChecklistView.as_view()), name="checklist"),
    path("<int:dialogue_id>/report/", never_cache(DraftReportView.as_view()), name="draft_report"),
]
