"""The synthesis report that closes a dialogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from localized_pages.pages import LocalizedPage

from ..blocks import BodyBlock


class DialogueReportPage(LocalizedPage, Page):
    """The synthesis of a dialogue's discussions and webinars."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences shown in listings and search results.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    report_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("report document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The full report to download (PDF)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("report_document"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    search_type_label = _("Report")

    parent_page_types = ["dialogue_pages.DialoguePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("dialogue report page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["dialogue"] = self.get_parent().specific
        return context
