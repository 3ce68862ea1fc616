"""The audience questions in the Wagtail admin: a ``ModelViewSet`` over ``AudienceQuestion``.

Moderators put members' questions to the panel: one listing of every webinar's
questions, filterable by webinar, status and language (a ``WagtailFilterSet``),
exportable as CSV or Excel (public names only), with the decisions as buttons that post
to ``admin_views.moderate_question``. Marking a question as asked or answered shows it
on the webinar's pages (in every language); declining keeps it off. Only moderators see
the menu item or open it (``ModeratorPermissionPolicy``); nobody adds, edits or deletes
questions here.
"""

import django_filters

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.models import Locale

from ..discussion.queue import ModerationListingViewSet, TemplateColumn
from ..discussion.roles import is_moderator
from ..models import AudienceQuestion, WebinarPage
from .audience import MODERATOR_DECISIONS

Status = AudienceQuestion.Status


class AudienceQuestionFilterSet(WagtailFilterSet):
    webinar = django_filters.ModelChoiceFilter(
        label=_("Webinar"),
        queryset=lambda request: WebinarPage.objects.filter(locale=Locale.get_default()).order_by("-starts_at"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = AudienceQuestion
        fields = []


class AudienceQuestionIndexView(IndexView):
    """Every webinar's questions, oldest first, with the moderator's decisions."""

    page_title = _("Webinar questions")
    header_icon = "help"
    is_searchable = False
    filterset_class = AudienceQuestionFilterSet
    columns = [
        TemplateColumn("question", "dialogue_pages/admin/questions/question_cell.html", label=_("Question")),
        TemplateColumn("webinar", "dialogue_pages/admin/questions/webinar_cell.html", label=_("Webinar")),
        TemplateColumn("author", "dialogue_pages/admin/questions/author_cell.html", label=_("From")),
        TemplateColumn("actions", "dialogue_pages/admin/questions/actions_cell.html", label=_("Actions")),
    ]
    list_export = [
        "pk",
        "submitted_at",
        "webinar.title",
        "author_public_name",
        "language",
        "status",
        "moderated_at",
        "text",
    ]
    export_headings = {
        "pk": _("Question"),
        "submitted_at": _("Sent at"),
        "webinar.title": _("Webinar"),
        "author_public_name": _("From"),
        "moderated_at": _("Moderated at"),
        "text": _("Text"),
    }

    def get_base_queryset(self):
        return AudienceQuestion.objects.select_related("author", "moderated_by", "webinar").order_by(
            "submitted_at", "pk"
        )

    def get_table(self, object_list):
        questions = list(object_list)
        back = f"{self.index_url}?{self.request.GET.urlencode()}"
        decisions = [(value, Status(value).label) for value in MODERATOR_DECISIONS]
        for question in questions:
            question.back_url = back
            question.decisions = [(value, label) for value, label in decisions if value != question.status]
        return super().get_table(questions)


def questions_of_webinar(request, page_id):
    """``/admin/webinar-questions/<page id>/``: the listing filtered to one webinar (in any language)."""
    if not is_moderator(request.user):
        raise PermissionDenied
    webinar = get_object_or_404(WebinarPage, pk=page_id).questions_page
    return redirect(f"{reverse('webinar_questions:index')}?webinar={webinar.pk}")


class AudienceQuestionViewSet(ModerationListingViewSet):
    """The webinar questions in the admin menu."""

    model = AudienceQuestion
    name = "webinar_questions"
    url_prefix = "webinar-questions"
    icon = "help"
    menu_label = _("Webinar questions")
    index_view_class = AudienceQuestionIndexView

    def get_extra_urlpatterns(self):
        from .admin_urls import urlpatterns

        return [path("<int:page_id>/", questions_of_webinar, name="webinar"), *urlpatterns]
