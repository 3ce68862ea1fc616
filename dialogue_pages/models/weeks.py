"""A week of a dialogue: its dates, its questions and one threaded discussion."""

import copy

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from localized_pages.listings import show_in_language
from localized_pages.locales import active_locale
from localized_pages.pages import LocalizedPage

from ..blocks import QuestionBlock
from .dialogues import (
    RICH_TEXT_FEATURES,
    cache_seconds_until_change,
    date_range_label,
    in_default_language,
    status_between,
)
from .page_context import extend_context


class WeeklyQuestionPage(LocalizedPage, Page):
    """Week N of a dialogue: when it opens and closes, and the questions members discuss.

    The English, Spanish and French versions share one discussion thread.
    """

    week_number = models.PositiveSmallIntegerField(
        _("week number"), help_text=_("1 for the first week of the dialogue, 2 for the second, …")
    )
    opens_at = models.DateTimeField(_("opens"), help_text=_("When members can start posting."))
    closes_at = models.DateTimeField(_("closes"), help_text=_("When the discussion becomes read-only."))
    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("What this week is about (e.g. “Webinars and online discussion”)."),
    )
    questions = StreamField(
        [("question", QuestionBlock())],
        verbose_name=_("questions"),
        blank=True,
        help_text=_("The week's questions, in the order members should read them."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("week_number"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Week and dates"),
        ),
        FieldPanel("introduction"),
        FieldPanel("questions"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("questions", boost=3),
        index.SearchField("introduction"),
        index.FilterField("opens_at"),
    ]
    # The public pages API (cms/api.py).
    api_fields = [APIField("week_number"), APIField("opens_at"), APIField("closes_at"), APIField("introduction")]
    search_type_label = _("Weekly question")
    search_date_field = "opens_at"

    parent_page_types = ["dialogue_pages.DialoguePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("weekly question page")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The week must close after it opens.")})

    @property
    def status(self):
        return status_between(self.opens_at, self.closes_at)

    @cached_property
    def dialogue(self):
        """The dialogue this week belongs to (fetched once per request)."""
        return self.get_parent().specific

    @cached_property
    def thread_page(self):
        """The page every translation's comments attach to: this week in the default language."""
        return in_default_language(self)

    def get_absolute_url(self):
        """The page's path in the reader's language, for the comments apps (comment links, redirects):
        its live translation, else this page under the reader's language prefix."""
        page = self.localized
        if page.pk != self.pk:
            return page.url
        return show_in_language([copy.copy(self)], active_locale())[0].url  # a copy: self keeps its own URL

    @property
    def date_range_label(self):
        return date_range_label(self.opens_at, self.closes_at)

    def anonymous_cache_seconds(self, request):
        """Visitors' cached copy lasts until the week opens or closes, or its dialogue closes."""
        dialogue_dates = [getattr(self.dialogue, "start_at", None), getattr(self.dialogue, "end_at", None)]
        return cache_seconds_until_change([self.opens_at, self.closes_at, *dialogue_dates])

    @property
    def question_texts(self):
        return [block.value["question"] for block in self.questions]

    def get_context(self, request, *args, **kwargs):
        """The week and its dialogue; the discussion package adds the thread and the comment form
        (``discussion/threads.py``, registered with ``page_context``)."""
        context = super().get_context(request, *args, **kwargs)
        context["dialogue"] = self.dialogue
        return extend_context(self, request, context)
