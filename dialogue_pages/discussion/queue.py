"""The moderation queue: a Wagtail ``ModelViewSet`` over the dialogue comments.

Comments awaiting approval, reported, published and hidden (the ``tab`` query
parameter), filterable by dialogue and language (a ``WagtailFilterSet``), 50 to a
page, exportable as CSV or Excel, with each comment's context and the moderator's
actions. Only moderators see the menu item or open it (``ModeratorPermissionPolicy``);
the viewset serves no add, edit or delete view: members write comments, moderators
only decide on them (``admin_views.moderate_comment``). The viewset's URL namespace,
``dialogue_moderation``, also holds the dialogues' figures and exports
(``admin_urls.py``).

Each page costs the same few queries however many comments it lists: the authors,
counts, parent comments and questions come with the comments, and the weeks and
dialogues they belong to are fetched once per page.
"""

import django_filters
from django_comments.models import CommentFlag

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BaseColumn, Table
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale, Page

from ..models import DialogueComment, DialoguePage, ModerationEvent, WeeklyQuestionPage
from . import moderation
from .moderation import count_of, display_name, with_discussion_counts

QUEUES = {
    "pending": _("Awaiting approval"),
    "reported": _("Reported"),
    "published": _("Published"),
    "hidden": _("Hidden"),
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
        week_title=Subquery(Page.objects.filter(pk=Cast(OuterRef("object_pk"), IntegerField())).values("title")[:1]),
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


class CommentQueueFilterSet(WagtailFilterSet):
    dialogue = django_filters.ModelChoiceFilter(
        label=_("Dialogue"),
        queryset=lambda request: DialoguePage.objects.filter(locale=Locale.get_default()).order_by("-start_at"),
        method="filter_dialogue",
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = DialogueComment
        fields = []

    def filter_dialogue(self, queryset, name, value):
        """Comments of the dialogue's weeks (threads attach to the default-language week)."""
        week_ids = WeeklyQuestionPage.objects.descendant_of(value).values_list("pk", flat=True)
        return queryset.filter(object_pk__in=[str(pk) for pk in week_ids])


class TemplateColumn(BaseColumn):
    """A listing column drawn by a cell template, with the CSRF token its forms need."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request) if request else ""
        return context


class CommentTable(Table):
    """Each row is anchored as ``comment-<id>``, so a link (or a test) can point to one comment."""

    def get_row_attrs(self, instance):
        return {**super().get_row_attrs(instance), "id": f"comment-{instance.pk}"}


class ModerationQueueView(IndexView):
    """One queue of comments, 50 to a page, with each comment's context and the moderator's actions."""

    page_title = _("Discussion moderation")
    header_icon = "comment"
    results_template_name = "dialogue_pages/admin/moderation_queue_results.html"
    is_searchable = False
    table_class = CommentTable
    filterset_class = CommentQueueFilterSet
    columns = [
        TemplateColumn("comment", "dialogue_pages/admin/queue/comment_cell.html", label=_("Comment")),
        TemplateColumn("where", "dialogue_pages/admin/queue/where_cell.html", label=_("Where")),
        TemplateColumn("author", "dialogue_pages/admin/queue/author_cell.html", label=_("Author")),
        TemplateColumn("actions", "dialogue_pages/admin/queue/actions_cell.html", label=_("Actions")),
    ]
    # Never an email address: the export is shared to write reports.
    list_export = [
        "pk",
        "submit_date",
        "author_public_name",
        "language",
        "state",
        "week_title",
        "question_id",
        "thread_id",
        "parent_id",
        "like_count",
        "open_report_count",
        "comment",
    ]
    export_headings = {
        "pk": _("Comment"),
        "submit_date": _("Submitted"),
        "author_public_name": _("Author"),
        "state": _("State"),
        "week_title": _("Week"),
        "question_id": _("Question"),
        "open_report_count": _("Open reports"),
        "like_count": _("Likes"),
    }

    @property
    def queue(self):
        tab = self.request.GET.get("tab", "pending")
        return tab if tab in QUEUES else "pending"

    def get_base_queryset(self):
        return queue_comments(self.queue)

    def get_table(self, object_list):
        comments = add_discussion_context(list(object_list), self.request)
        if self.queue == "hidden":
            hider_ids = {comment.hidden_by_id for comment in comments if comment.hidden_by_id}
            hiders = get_user_model().objects.in_bulk(hider_ids) if hider_ids else {}
            for comment in comments:
                comment.hidden_by_name = display_name(hiders.get(comment.hidden_by_id))
        back = f"{self.index_url}?{self.request.GET.urlencode()}"
        for comment in comments:
            comment.queue = self.queue
            comment.back_url = back
        return super().get_table(comments)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = DialogueComment.objects.aggregate(
            pending=Count("pk", filter=Q(is_public=False, is_removed=False)),
            hidden=Count("pk", filter=Q(is_removed=True, deleted_by_author=False)),
        )
        counts["reported"] = queue_comments("reported").count()
        context["queue"] = self.queue
        context["queues"] = [{"key": key, "label": label, "count": counts.get(key)} for key, label in QUEUES.items()]
        return context


class ModerationListingViewSet(ModelViewSet):
    """A listing for moderators and nothing else: no add, edit, delete, copy or history views.

    Members write the objects on the site; moderators only decide on them, through the
    action views in ``extra_urlpatterns`` (which share the viewset's URL namespace).
    """

    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False

    def get_extra_urlpatterns(self):
        return []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            *self.get_extra_urlpatterns(),
        ]


class ModerationQueueViewSet(ModerationListingViewSet):
    """The moderation queue in the admin menu, and the URL namespace of the discussion's admin pages."""

    model = DialogueComment
    name = "dialogue_moderation"
    url_prefix = "dialogue-moderation"
    icon = "comment"
    menu_label = _("Comment moderation")
    index_view_class = ModerationQueueView

    def get_extra_urlpatterns(self):
        from .admin_urls import urlpatterns

        return urlpatterns
