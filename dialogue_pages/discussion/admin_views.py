"""The moderation queue, and each dialogue's figures and exports, in the Wagtail admin.

Only moderators (see ``roles.is_moderator``) may open these pages or act;
everyone else gets 403. Each page costs the same few queries however many
comments it lists: the authors, counts, parent comments and questions come with
the comments, and the weeks and dialogues they belong to are fetched once per page.
Their URLs are in ``admin_urls.py``.
"""

from django_comments.models import CommentFlag
from django_tasks.base import TaskResultStatus

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
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
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..conf import app_settings
from ..models import DialogueComment, DialoguePage, ModerationEvent, WeeklyQuestionPage
from . import moderation
from .exports import (
    DialogueDiscussion,
    dialogues_for_export,
    export_name_belongs_to,
    export_storage,
    new_export_name,
)
from .moderation import count_of, display_name, with_discussion_counts
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


# The queue

QUEUES = {
    "pending": gettext_lazy("Awaiting approval"),
    "reported": gettext_lazy("Reported"),
    "published": gettext_lazy("Published"),
    "hidden": gettext_lazy("Hidden"),
}


def open_reports():
    """Members' reports on the outer comment that no moderator decision has settled yet."""
    settled = ModerationEvent.objects.filter(
        comment_id=OuterRef("comment_id"), action__in=moderation.DECISIONS, created_at__gte=OuterRef("flag_date")
    )
    return CommentFlag.objects.filter(comment_id=OuterRef("pk"), flag=CommentFlag.SUGGEST_REMOVAL).exclude(
        Exists(settled)
    )


def queue_comments(queue):
    """The comments of one queue, with what a moderator needs to judge each one, in one query."""
    comments = with_discussion_counts(DialogueComment.objects.select_related(None).select_related("user")).annotate(
        open_report_count=count_of(open_reports()),
        parent_text=Subquery(
            DialogueComment.objects.filter(pk=OuterRef("parent_id")).exclude(pk=OuterRef("pk")).values("comment")[:1]
        ),
        thread_question_id=Subquery(
            DialogueComment.objects.filter(pk=OuterRef("thread_id")).values("question_id")[:1]
        ),
    )
    if queue == "pending":
        return comments.filter(is_public=False, is_removed=False).order_by("submit_date", "pk")
    if queue == "reported":
        reports = ModerationEvent.objects.filter(action=ModerationEvent.Action.FLAGGED).select_related("actor")
        return (
            comments.filter(is_removed=False, open_report_count__gt=0)
            .prefetch_related(Prefetch("moderation_events", queryset=reports, to_attr="reports"))
            .order_by("-open_report_count", "submit_date", "pk")
        )
    if queue == "published":
        return comments.filter(is_public=True, is_removed=False).order_by("-submit_date", "-pk")
    hidden_events = ModerationEvent.objects.filter(comment_id=OuterRef("pk"), action=ModerationEvent.Action.HIDDEN)
    return (
        comments.filter(is_removed=True, deleted_by_author=False)
        .annotate(
            hidden_at=Subquery(hidden_events.order_by("-created_at").values("created_at")[:1]),
            hidden_by_id=Subquery(hidden_events.order_by("-created_at").values("actor_id")[:1]),
        )
        .order_by("-hidden_at", "-pk")
    )


def add_discussion_context(comments, request):
    """Give each comment its week, dialogue, question text, author name and link, in two queries."""
    week_type = ContentType.objects.get_for_model(WeeklyQuestionPage)
    week_ids = {int(c.object_pk) for c in comments if c.content_type_id == week_type.pk and c.object_pk.isdigit()}
    weeks = WeeklyQuestionPage.objects.in_bulk(week_ids) if week_ids else {}
    steplen = WeeklyQuestionPage.steplen
    parent_paths = {week.path[:-steplen] for week in weeks.values()}
    dialogues = {page.path: page for page in DialoguePage.objects.filter(path__in=parent_paths)} if weeks else {}
    for comment in comments:
        week = weeks.get(int(comment.object_pk)) if comment.object_pk.isdigit() else None
        comment.week = week
        comment.dialogue = dialogues.get(week.path[:-steplen]) if week else None
        comment.week_url = week.get_url(request) if week else None
        questions = {block.id: block.value["question"] for block in week.questions} if week else {}
        comment.question_text = questions.get(comment.question_id or comment.thread_question_id or "", "")
        comment.author_name = display_name(comment.user) or _("Former member")
        for report in getattr(comment, "reports", []):
            report.actor_name = display_name(report.actor) or _("Former member")
    return comments


class ModerationQueueView(ModerationAdminView):
    """Comments awaiting approval, reported, published and hidden, 50 to a page, with actions."""

    template_name = "dialogue_pages/admin/moderation_queue.html"
    page_title = gettext_lazy("Discussion moderation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queue = self.request.GET.get("tab", "pending")
        if queue not in QUEUES:
            queue = "pending"
        paginator = WagtailPaginator(queue_comments(queue), COMMENTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        comments = add_discussion_context(list(page.object_list), self.request)
        if queue == "hidden":
            hider_ids = {comment.hidden_by_id for comment in comments if comment.hidden_by_id}
            hiders = get_user_model().objects.in_bulk(hider_ids) if hider_ids else {}
            for comment in comments:
                comment.hidden_by_name = display_name(hiders.get(comment.hidden_by_id))
        counts = DialogueComment.objects.aggregate(
            pending=Count("pk", filter=Q(is_public=False, is_removed=False)),
            hidden=Count("pk", filter=Q(is_removed=True, deleted_by_author=False)),
        )
        counts["reported"] = queue_comments("reported").count()
        context.update(
            {
                "queue": queue,
                "queues": [{"key": key, "label": label, "count": counts.get(key)} for key, label in QUEUES.items()],
                "comments": comments,
                "items": page,
                "page_obj": page,
                "paginator": paginator,
                "elided_page_range": paginator.get_elided_page_range(page.number),
            }
        )
        return context


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
        target = reverse("dialogue_moderation:queue")
    return redirect(target)


# Dialogues: figures and exports


class DialogueListView(ModerationAdminView):
    """Every dialogue with its headline figures and its three exports."""

    template_name = "dialogue_pages/admin/dialogue_list.html"
    page_title = gettext_lazy("Dialogues: participation and exports")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("dialogue_moderation:queue"), "label": _("Discussion moderation")},
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
            {"url": reverse("dialogue_moderation:queue"), "label": _("Discussion moderation")},
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
