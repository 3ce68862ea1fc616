"""The dialogue index and the dialogue landing page (its concept note)."""

import math
from datetime import timedelta

from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from localized_pages.listings import children_in_language, in_language, public, show_in_language
from localized_pages.locales import default_locale
from localized_pages.pages import LocalizedPage
from localized_pages.versions import cached_per_version

from ..conf import app_settings
from .people import PersonLink, localized_people

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class DialogueStatus(models.TextChoices):
    """Where a dialogue (or a week) stands relative to now; always derived from its dates."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open now")
    CLOSED = "closed", _("Closed")


def status_between(opens_at, closes_at, now=None):
    """The status of a period that runs from ``opens_at`` (inclusive) to ``closes_at`` (exclusive)."""
    now = now or timezone.now()
    if now < opens_at:
        return DialogueStatus.UPCOMING
    if now < closes_at:
        return DialogueStatus.OPEN
    return DialogueStatus.CLOSED


def cache_seconds_until_change(moments, now=None):
    """How long a visitor's cached copy stays right: until the next of ``moments`` still to come.

    Pages whose status follows their dates (a week opens, a dialogue closes) answer
    ``anonymous_cache_seconds`` with this; at most the site's ``PAGE_CACHE_SECONDS``.
    """
    now = now or timezone.now()
    default = app_settings.PAGE_CACHE_SECONDS
    upcoming = [(moment - now).total_seconds() for moment in moments if moment and moment > now]
    if not upcoming:
        return default
    return max(1, min(default, math.ceil(min(upcoming))))


def in_default_language(page):
    """``page`` in the site's default language, where the translations' shared comments and
    audience questions attach; ``page`` itself if it has no such translation."""
    default = default_locale()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact dates")
    MONTH = "month", _("Month only")


def date_range_label(start, end, precision=DatePrecision.DAY):
    """The days from ``start`` up to ``end`` (exclusive), e.g. “29 August – 16 September 2016”.

    Periods end exclusively (a week "29 August – 2 September" closes at midnight
    starting 3 September), so the last day shown is the one just before ``end``.
    """
    start = timezone.localtime(start)
    last = timezone.localtime(end - timedelta(microseconds=1))
    if precision == DatePrecision.MONTH:
        return date_format(start, "YEAR_MONTH_FORMAT")
    if start.date() == last.date():
        return date_format(start, "DATE_FORMAT")
    if start.year != last.year:
        return f"{date_format(start, 'DATE_FORMAT')} – {date_format(last, 'DATE_FORMAT')}"
    if start.month == last.month:
        return f"{start.day}–{date_format(last, 'DATE_FORMAT')}"
    return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(last, 'DATE_FORMAT')}"


class DialogueIndexPage(LocalizedPage, Page):
    """Lists every dialogue, grouped as upcoming, open now and past, newest first."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("What virtual dialogues are and how to take part."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page", "home.HomePage"]
    subpage_types = ["dialogue_pages.DialoguePage", "dialogue_pages.RecordingsArchivePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("dialogue index page")

    def dialogues(self):
        """Live, public dialogues under this index in its language (or, not translated yet, in their own)."""
        return (
            children_in_language(self, DialoguePage).defer_streamfields().select_related("image").order_by("-start_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The dialogues change only with the page tree; which are open is asked of the clock.
        listed = cached_per_version(
            request,
            f"dialogue-index|{self.pk}|{self.localized_path}|{get_language()}",
            lambda: {
                "dialogues": show_in_language(list(self.dialogues()), self.locale, under=self),
                "recordings_archive": self.recordings_archive(),
            },
        )
        now = timezone.now()
        dialogues = listed["dialogues"]  # newest first
        context["upcoming_dialogues"] = [dialogue for dialogue in dialogues if dialogue.start_at > now]
        context["open_dialogues"] = [dialogue for dialogue in dialogues if dialogue.start_at <= now < dialogue.end_at]
        context["past_dialogues"] = [dialogue for dialogue in dialogues if dialogue.end_at <= now]
        context["recordings_archive"] = listed["recordings_archive"]
        return context

    def recordings_archive(self):
        """The live, public recordings archive under this index, if staff made one."""
        from .archive import RecordingsArchivePage

        archive = children_in_language(self, RecordingsArchivePage).first()
        return show_in_language([archive], self.locale, under=self)[0] if archive else None


class DialoguePage(LocalizedPage, Page):
    """A Virtual Dialogue's landing page: its concept note, weeks, webinars and report.

    The page title is the dialogue's topic. Its status (upcoming, open, closed) is
    derived from ``start_at`` and ``end_at``, never stored.
    """

    number = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Its place in the series: 7 shows as “7th Virtual Dialogue”."),
    )
    start_at = models.DateTimeField(_("starts"), help_text=_("When the discussion opens."))
    end_at = models.DateTimeField(
        _("ends"), help_text=_("When the discussion closes; members can no longer post after this.")
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Choose “Month only” for past dialogues whose exact days are not known."),
    )
    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    objectives = RichTextField(_("objectives and key questions"), blank=True, features=RICH_TEXT_FEATURES)
    format_description = RichTextField(
        _("format"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How the dialogue runs: weeks, webinars, recordings, report."),
    )
    target_audience = RichTextField(_("target audience"), blank=True, features=RICH_TEXT_FEATURES)
    participation = RichTextField(
        _("who may take part"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Who may post and how to become a member."),
    )
    background = RichTextField(_("background"), blank=True, features=RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional: a wide picture (at least 1200 × 675 pixels) shown at the top of the dialogue's page "
            "and on its card. The image's description, if it has one, is shown as its caption."
        ),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    premoderate_comments = models.BooleanField(
        _("approve comments before they appear"),
        default=False,
        help_text=_("When on, members' comments wait in the moderation queue until a moderator approves them."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
                FieldPanel("date_precision"),
            ],
            heading=_("Series and dates"),
        ),
        FieldPanel("image"),
        FieldPanel("introduction"),
        FieldPanel("objectives"),
        FieldPanel("format_description"),
        FieldPanel("target_audience"),
        FieldPanel("participation"),
        FieldPanel("background"),
        InlinePanel("moderators", label=_("Moderators"), heading=_("Moderators")),
        InlinePanel(
            "related_pages",
            label=_("Related knowledge product"),
            heading=_("Related knowledge products"),
        ),
        FieldPanel("contact_email"),
    ]

    settings_panels = Page.settings_panels + [
        MultiFieldPanel([FieldPanel("premoderate_comments")], heading=_("Discussion")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("objectives"),
        index.SearchField("format_description"),
        index.SearchField("target_audience"),
        index.SearchField("background"),
        index.FilterField("start_at"),
        index.FilterField("end_at"),
        index.RelatedFields("moderators", [index.RelatedFields("person", [index.SearchField("name")])]),
    ]

    # The public pages API (cms/api.py).
    api_fields = [
        APIField("number"),
        APIField("start_at"),
        APIField("end_at"),
        APIField("introduction"),
        APIField("objectives"),
    ]

    # The site search's protocol (search/sources.py): results below a dialogue belong to it.
    search_type_label = _("Dialogue")
    search_date_field = "start_at"
    search_groups_results = True

    parent_page_types = ["dialogue_pages.DialogueIndexPage"]
    subpage_types = [
        "dialogue_pages.WeeklyQuestionPage",
        "dialogue_pages.WebinarPage",
        "dialogue_pages.DialogueReportPage",
    ]

    class Meta:
        verbose_name = _("dialogue page")

    def clean(self):
        super().clean()
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            raise ValidationError({"end_at": _("The dialogue must end after it starts.")})

    @property
    def status(self):
        return status_between(self.start_at, self.end_at)

    @property
    def number_label(self):
        """“7th Virtual Dialogue”, or just “Virtual Dialogue” when unnumbered."""
        if not self.number:
            return _("Virtual Dialogue")
        # Some languages' ordinals are HTML (French: 7<sup>e</sup>); escape the sentence, keep the ordinal.
        label = conditional_escape(_("%(ordinal)s Virtual Dialogue")) % {
            "ordinal": conditional_escape(ordinal(self.number))
        }
        return mark_safe(label)  # noqa: S308 - both parts escaped above

    @property
    def date_range_label(self):
        """The dialogue's dates as readers expect them: “29 August – 16 September 2016”."""
        return date_range_label(self.start_at, self.end_at, self.date_precision)

    @cached_property
    def weeks(self):
        from .weeks import WeeklyQuestionPage

        weeks = children_in_language(self, WeeklyQuestionPage).order_by("week_number", "opens_at")
        return show_in_language(weeks, self.locale, under=self)

    @cached_property
    def webinars(self):
        from .webinars import WebinarPage

        webinars = (
            children_in_language(self, WebinarPage)
            .order_by("starts_at")
            .prefetch_related("time_zones", "panellists__person", "moderators__person")
        )
        return show_in_language(webinars, self.locale, under=self)

    @cached_property
    def report(self):
        from .reports import DialogueReportPage

        report = children_in_language(self, DialogueReportPage).first()
        return show_in_language([report], self.locale, under=self)[0] if report else None

    def anonymous_cache_seconds(self, request):
        """Visitors' cached copy lasts until the dialogue, one of its weeks or webinars next changes status."""
        moments = [self.start_at, self.end_at]
        moments += [moment for week in self.weeks for moment in (week.opens_at, week.closes_at)]
        moments += [moment for webinar in self.webinars for moment in (webinar.starts_at, webinar.ends_at)]
        return cache_seconds_until_change(moments)

    def calendar_ics(self, request):
        """Every webinar of the dialogue and the opening of each week, as one iCalendar file."""
        from ..calendars import calendar_response, webinar_event, week_event

        events = [webinar_event(webinar, request) for webinar in self.webinars]
        events += [week_event(week, request) for week in self.weeks]
        return calendar_response(events, self.slug)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the page lists changes only with the page tree (a publication) or a person's
        # profile: asked once per version of the tree, for each address and language.
        listed = cached_per_version(
            request,
            f"dialogue|{self.pk}|{self.localized_path}|{get_language()}",
            lambda: {
                "weeks": self.weeks,
                "webinars": self.webinars,
                "report": self.report,
                "moderators": localized_people(
                    (link.person for link in self.moderators.select_related("person")), self.locale_id
                ),
                "related_pages": self.live_related_pages(),
            },
        )
        for name in ("weeks", "webinars", "report"):
            self.__dict__[name] = listed[name]  # the cached properties, already answered
        context["moderators"] = listed["moderators"]
        context["related_pages"] = listed["related_pages"]
        return context

    def live_related_pages(self):
        """The related pages that visitors may see (live and public), in the order staff set, each in
        this page's language where it is translated (else in its own, under this language's prefix)."""
        links = list(self.related_pages.all())
        keys = dict(
            Page.objects.filter(pk__in=[link.related_page_id for link in links]).values_list("pk", "translation_key")
        )
        candidates = public(Page.objects.live()).filter(translation_key__in=set(keys.values()))
        shown = {page.translation_key: page for page in in_language(candidates, self.locale).specific()}
        ordered = [shown[keys[link.related_page_id]] for link in links if keys.get(link.related_page_id) in shown]
        return show_in_language(ordered, self.locale)


class DialogueModerator(PersonLink):
    """A moderator of the whole dialogue (discussion and webinars)."""

    page = ParentalKey(DialoguePage, on_delete=models.CASCADE, related_name="moderators")


class DialogueRelatedPage(Orderable):
    """A knowledge product (or other page) the dialogue discusses."""

    page = ParentalKey(DialoguePage, on_delete=models.CASCADE, related_name="related_pages")
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Usually the knowledge product the dialogue is about."),
    )

    panels = [PageChooserPanel("related_page")]
