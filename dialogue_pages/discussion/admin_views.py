"""The moderation queue, and each dialogue's figures and exports, in the Wagtail admin.

Only moderators (see ``roles.is_moderator``) may open these pages or act;
everyone else gets 403. Each page costs the same few queries however many
comments it lists: the authors, counts, parent comments and questions come with
the comments, and the weeks and dialogues they belong to are fetched once per page.
Their URLs are in ``admin_urls.py``.
"""

from django_tasks.base import TaskResultStatus

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..conf import app_settings
from ..models import DialogueComment, DialoguePage, WeeklyQuestionPage
from . import moderation
from .exports import (
    DialogueDiscussion,
    dialogues_for_export,
    export_name_belongs_to,
    export_storage,
    new_export_name,
)
from .moderation import display_name
from .roles import is_moderator
from .tasks import prepare_discussion_export

COMMENTS_PER_PAGE = 50


class ModeratorRequiredMixin:
    """Refuse (403) anyone who is not a moderator, whatever the HTTP method."""

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerationAdminView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


ACTIONS = {
    "approve": (moderation.approve, gettext_lazy("Comment #%(id)s by %(author)s approved.")),
    "hide": (moderation.hide, gettext_lazy("Comment #%(id)s by %(author)s hidden.")),
    "restore": (moderation.restore, gettext_lazy("Comment #%(id)s by %(author)s restored.")),
    "highlight": (moderation.highlight, gettext_lazy("Comment #%(id)s by %(author)s marked as a moderator's pick.")),
    "unhighlight": (
        moderation.unhighlight,
        gettext_lazy("Comment #%(id)s by %(author)s is no longer a moderator's pick."),
    ),
}


@require_POST
def moderate_comment(request, comment_id, action):
    """Apply one moderation action to a comment, then go back to where the moderator was."""
    if not is_moderator(request.user):
        raise PermissionDenied
    if action not in ACTIONS:
        raise Http404
    comment = get_object_or_404(DialogueComment.objects.select_related("user"), pk=comment_id)
    apply, done = ACTIONS[action]
    extra = [request.POST.get("reason", "")] if action == "hide" else []
    try:
        apply(comment, request.user, *extra)
    except moderation.ModerationError as error:
        messages.error(request, str(error))
    else:
        author = display_name(comment.user) or _("Former member")
        messages.success(request, done % {"id": comment.pk, "author": author})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("dialogue_moderation:index")
    return redirect(target)


# Dialogues: figures and exports


class DialogueListView(ModerationAdminView):
    """Every dialogue with its headline figures and its three exports."""

    template_name = "dialogue_pages/admin/dialogue_list.html"
    page_title = gettext_lazy("Dialogues: participation and exports")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("dialogue_moderation:index"), "label": _("Discussion moderation")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dialogues"] = dialogue_summaries()
        return context


def dialogue_summaries():
    """Each dialogue with its number of weeks, comments by state and participants, in four queries."""
    dialogues = list(dialogues_for_export().defer_streamfields())
    steplen = WeeklyQuestionPage.steplen
    by_path = {dialogue.path: dialogue for dialogue in dialogues}
    week_dialogue = {}
    for week_pk, week_path in WeeklyQuestionPage.objects.values_list("pk", "path"):
        dialogue = by_path.get(week_path[:-steplen])
        if dialogue is not None:
            week_dialogue[str(week_pk)] = dialogue
    for dialogue in dialogues:
        dialogue.week_count = 0
        dialogue.counts = {"published": 0, "pending": 0, "hidden": 0, "deleted": 0}
        dialogue.participant_ids = set()
    for dialogue in week_dialogue.values():
        dialogue.week_count += 1
    week_comments = DialogueComment.objects.filter(
        content_type=ContentType.objects.get_for_model(WeeklyQuestionPage), object_pk__in=list(week_dialogue)
    ).order_by()
    rows = week_comments.values("object_pk").annotate(
        published=Count("pk", filter=Q(is_public=True, is_removed=False)),
        pending=Count("pk", filter=Q(is_public=False, is_removed=False)),
        hidden=Count("pk", filter=Q(is_removed=True, deleted_by_author=False)),
        deleted=Count("pk", filter=Q(is_removed=True, deleted_by_author=True)),
    )
    for row in rows:
        dialogue = week_dialogue[row.pop("object_pk")]
        for state, count in row.items():
            dialogue.counts[state] += count
    authors = (
        week_comments.filter(is_public=True, is_removed=False, user__isnull=False)
        .values_list("object_pk", "user_id")
        .distinct()
    )
    for object_pk, user_id in authors:
        week_dialogue[object_pk].participant_ids.add(user_id)
    for dialogue in dialogues:
        dialogue.participant_count = len(dialogue.participant_ids)
    return dialogues


class DialogueParticipationView(ModerationAdminView):
    """One dialogue's participation figures: per week and question, participants, countries, languages."""

    template_name = "dialogue_pages/admin/dialogue_participation.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.dialogue = get_object_or_404(DialoguePage, pk=kwargs["dialogue_id"])

    def get_page_title(self):
        return _("Participation")

    def get_page_subtitle(self):
        return f"{self.dialogue.number_label}: {self.dialogue.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("dialogue_moderation:index"), "label": _("Discussion moderation")},
            {"url": reverse("dialogue_moderation:dialogues"), "label": _("Dialogues")},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        discussion = DialogueDiscussion(self.dialogue)
        context.update({"dialogue": discussion.dialogue, "figures": discussion.participation()})
        return context


EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


@never_cache
def export_discussion(request, dialogue_id, file_format):
    """Download a dialogue's discussion as CSV (streamed), JSON or Markdown.

    A discussion of more than ``DISCUSSION_EXPORT_INLINE_LIMIT`` comments is prepared
    by a background task instead: the moderator asks for it (POST), then waits on a
    page that refreshes itself until the file is ready to download.
    """
    if not is_moderator(request.user):
        raise PermissionDenied
    if file_format not in EXPORTS:
        raise Http404
    discussion = DialogueDiscussion(get_object_or_404(DialoguePage, pk=dialogue_id))
    comment_count = discussion.comments().count()
    if comment_count > app_settings.DISCUSSION_EXPORT_INLINE_LIMIT:
        return export_in_background(request, discussion, file_format, comment_count)
    if file_format == "csv":
        response = StreamingHttpResponse(discussion.csv_lines(), content_type=EXPORTS["csv"])
    elif file_format == "json":
        response = HttpResponse(discussion.as_json(), content_type=EXPORTS["json"])
    else:
        response = HttpResponse(discussion.as_markdown(), content_type=EXPORTS["md"])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{discussion.filename_stem}.{file_format}"
    )
    return response


def export_in_background(request, discussion, file_format, comment_count):
    """Ask for a large export (GET), then queue the task that writes it (POST) and go to its download page."""
    dialogue = discussion.dialogue
    context = {
        "dialogue": dialogue,
        "file_format": file_format.upper(),
        "comment_count": comment_count,
        "page_title": _("Export the discussion"),
    }
    if request.method != "POST":
        return TemplateResponse(request, "dialogue_pages/admin/export_background.html", context)
    name = new_export_name(discussion, file_format)
    result = prepare_discussion_export.enqueue(
        dialogue.pk, file_format, name, translation.get_language() or settings.LANGUAGE_CODE
    )
    if result.status == TaskResultStatus.FAILED:
        messages.error(request, _("The export could not be prepared. Please try again later."))
        return redirect("dialogue_moderation:dialogues")
    return redirect("dialogue_moderation:export-file", dialogue_id=dialogue.pk, name=name)


@never_cache
def export_file(request, dialogue_id, name):
    """Download an export prepared in the background, or wait for it on a page that refreshes itself."""
    if not is_moderator(request.user):
        raise PermissionDenied
    discussion = DialogueDiscussion(get_object_or_404(DialoguePage, pk=dialogue_id))
    if not export_name_belongs_to(name, discussion):
        raise Http404
    storage = export_storage()
    file_format = name.rsplit(".", 1)[1]
    if not storage.exists(name):
        context = {"dialogue": discussion.dialogue, "waiting": True, "page_title": _("Export the discussion")}
        return TemplateResponse(request, "dialogue_pages/admin/export_background.html", context)
    return FileResponse(
        storage.open(name, "rb"),
        as_attachment=True,
        filename=f"{discussion.filename_stem}.{file_format}",
        content_type=EXPORTS[file_format],
    )
