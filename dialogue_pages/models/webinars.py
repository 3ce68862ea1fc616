"""Webinars: an announcement before the event, the recording page after it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from localized_pages.pages import LocalizedPage

from ..calendars import calendar_response, web_calendar_links, webinar_event
from ..conf import app_settings
from ..recordings import embed_for
from ..timezones import in_time_zones
from ..transcripts import (
    parse_transcript,
    transcript_as_text,
)
from .dialogues import RICH_TEXT_FEATURES, cache_seconds_until_change, in_default_language
from .page_context import extend_context
from .people import localized_people
from .questions import AudienceQuestion


def _minutes_setting(name):
    return timedelta(minutes=getattr(app_settings, name))


class WebinarPhase(models.TextChoices):
    """Where a webinar is in its life; derived from the clock, never stored."""

    UPCOMING = "upcoming", _("Upcoming")
    LIVE = "live", _("Live now")
    PAST = "past", _("Past")


class WebinarPageQuerySet(PageQuerySet):
    def recorded(self):
        """Webinars whose recording has been posted (an uploaded file or an external video)."""
        return self.exclude(recording_url="", recording_media__isnull=True)

    def not_ended(self, now, limit):
        """Up to ``limit`` webinars live at ``now`` or still to come, soonest first.

        A webinar's end is its start plus its duration, which SQLite cannot add in SQL;
        the database keeps those that started less than the longest duration ago, and
        the few of them already over are dropped here.
        """
        longest = self.aggregate(longest=Max("duration_minutes"))["longest"] or 0
        candidates = self.filter(starts_at__gt=now - timedelta(minutes=longest)).order_by("starts_at")
        ended = candidates.filter(starts_at__lte=now).count()
        return [webinar for webinar in candidates[: limit + ended] if webinar.ends_at > now][:limit]


class WebinarPage(LocalizedPage, Page):
    """A live webinar of a dialogue, and afterwards its recording, transcript and slides.

    Members see the join link from ``WEBINAR_JOIN_LINK_OPENS_MINUTES`` before the
    start until the end, the live stream while it is on, and may send questions to
    the panel from ``WEBINAR_QUESTIONS_OPEN_MINUTES`` before the start until the end.
    """

    starts_at = models.DateTimeField(
        _("starts"), help_text=_("Start of the webinar (entered in UTC unless your admin profile sets another zone).")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, help_text=_("How long the webinar lasts, in minutes.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the webinar is held in."),
    )
    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_(
            "Where members join the live webinar (e.g. the meeting link). Shown to confirmed members only, "
            "shortly before the start until the end."
        ),
    )
    live_stream_url = models.URLField(
        _("live stream"),
        blank=True,
        help_text=_(
            "A YouTube or Vimeo link to the live stream. While the webinar is on, members can watch it on "
            "the page; the player loads only when they ask for it."
        ),
    )
    recording_url = models.URLField(
        _("recording (external video)"),
        blank=True,
        help_text=_("A link to the recording on a video platform, once it is posted."),
    )
    recording_media = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("recording (uploaded file)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An uploaded video or audio file of the recording."),
    )
    recording_poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("still image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown before the recording plays, and when the page is shared."),
    )
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_(
            "One paragraph per line. Start a line with the time it was said, e.g. “[00:12:30] Name: what they "
            "said”: readers can jump to that moment of the recording."
        ),
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("duration_minutes")]),
                FieldPanel("language"),
                InlinePanel(
                    "time_zones",
                    label=_("Time zone"),
                    heading=_("Show the time in these zones"),
                    help_text=_("Staff-chosen zones, e.g. America/New_York, America/Puerto_Rico, Europe/Paris."),
                ),
            ],
            heading=_("When"),
        ),
        FieldPanel("introduction"),
        InlinePanel("moderators", label=_("Moderator"), heading=_("Moderators")),
        InlinePanel("panellists", label=_("Panellist"), heading=_("Panellists")),
        MultiFieldPanel([FieldPanel("join_url"), FieldPanel("live_stream_url")], heading=_("During the webinar")),
        MultiFieldPanel(
            [
                FieldPanel("recording_media"),
                FieldPanel("recording_url"),
                FieldPanel("recording_poster"),
                InlinePanel(
                    "captions",
                    label=_("Captions"),
                    heading=_("Captions"),
                    help_text=_("One WebVTT (.vtt) file per language: the uploaded recording's subtitles."),
                ),
                InlinePanel(
                    "chapters",
                    label=_("Chapter"),
                    heading=_("Chapters"),
                    help_text=_("Moments readers can jump to, e.g. 05:00 “Presentation of the first case”."),
                ),
                FieldPanel("transcript"),
                FieldPanel("slides"),
                InlinePanel("documents", label=_("Document"), heading=_("Other documents")),
            ],
            heading=_("After the webinar: the recording"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        # What was said, without the timestamps (see ``transcript_text``).
        index.SearchField("transcript_text"),
        index.FilterField("starts_at"),
        index.FilterField("language"),
        index.RelatedFields(
            "panellists",
            [
                index.SearchField("role"),
                index.RelatedFields("person", [index.SearchField("name"), index.SearchField("organisation")]),
            ],
        ),
    ]
    # Shown to confirmed members only: never indexed, never in a public file (tests/test_members_only.py),
    # never among the public pages API's fields (cms/api.py).
    members_only_fields = ("join_url", "live_stream_url")
    api_fields = [
        APIField("starts_at"),
        APIField("duration_minutes"),
        APIField("introduction"),
        APIField("recording_url"),
    ]
    search_type_label = _("Webinar or recording")
    search_date_field = "starts_at"

    parent_page_types = ["dialogue_pages.DialoguePage"]
    subpage_types = []

    objects = PageManager.from_queryset(WebinarPageQuerySet)()

    class Meta:
        verbose_name = _("webinar page")

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def join_opens_at(self):
        return self.starts_at - _minutes_setting("WEBINAR_JOIN_LINK_OPENS_MINUTES")

    @property
    def questions_open_at(self):
        return self.starts_at - _minutes_setting("WEBINAR_QUESTIONS_OPEN_MINUTES")

    def phase(self, now=None):
        now = now or timezone.now()
        if now < self.starts_at:
            return WebinarPhase.UPCOMING
        if now < self.ends_at:
            return WebinarPhase.LIVE
        return WebinarPhase.PAST

    @property
    def is_past(self):
        return self.phase() == WebinarPhase.PAST

    @property
    def is_live(self):
        return self.phase() == WebinarPhase.LIVE

    def join_link_open(self, now=None):
        """Whether the join link and the live stream are offered (to members) at ``now``."""
        now = now or timezone.now()
        return self.join_opens_at <= now < self.ends_at

    def questions_open(self, now=None):
        now = now or timezone.now()
        return self.questions_open_at <= now < self.ends_at

    def anonymous_cache_seconds(self, request):
        """How long a visitor's copy of this page stays right: until its next change of phase.

        While the webinar is on, the list of the audience's questions changes by the
        minute, so copies last only as long as the page's own refresh interval.
        """
        if self.phase() == WebinarPhase.LIVE:
            return app_settings.WEBINAR_LIVE_REFRESH_SECONDS
        return cache_seconds_until_change([self.questions_open_at, self.starts_at])

    @property
    def has_recording(self):
        return bool(self.recording_url or self.recording_media_id)

    @cached_property
    def recording_embed(self):
        """The external recording's privacy-friendly player, or None (a plain link is shown)."""
        return embed_for(self.recording_url)

    @cached_property
    def live_embed(self):
        return embed_for(self.live_stream_url)

    def moment_url(self, seconds):
        """A link to ``seconds`` into the recording that works without JavaScript, or '' if none can."""
        if self.recording_media_id:
            return f"{self.recording_media.url}#t={int(seconds)}"
        if self.recording_embed:
            return self.recording_embed.watch_at(self.recording_url, seconds)
        return ""

    @cached_property
    def transcript_lines(self):
        return parse_transcript(self.transcript)

    def transcript_text(self):
        """The transcript as search indexes and excerpts read it: speakers and words, no timestamps."""
        return transcript_as_text(self.transcript_lines)

    @cached_property
    def sorted_chapters(self):
        """The chapters in the order they come in the recording."""
        return sorted(self.chapters.all(), key=lambda chapter: chapter.seconds)

    @cached_property
    def dialogue(self):
        return self.get_parent().specific

    @cached_property
    def questions_page(self):
        """The page every translation's audience questions attach to: this webinar in the default language."""
        return in_default_language(self)

    def shown_questions(self):
        return AudienceQuestion.objects.filter(webinar=self.questions_page).shown().select_related("author")

    def event_ics(self, request):
        """This webinar as an iCalendar file anyone may download: it says to join from this page."""
        return calendar_response([webinar_event(self, request)], self.slug)

    def member_event_ics(self, request):
        """A confirmed member's own calendar file, with the join link as the event's location."""
        return calendar_response([webinar_event(self, request, with_join_link=True)], self.slug, personal=True)

    # What the page shows of its own parts and people, fetched once when its route is kept
    # (``cms/route_cache.py``): with the page, not by a query on every view.
    prefetch_when_routed = (
        "time_zones",
        "chapters",
        "captions",
        "documents__document",
        "moderators__person",
        "panellists__person__photo",
        "recording_media",
        "recording_poster__renditions",
    )

    @cached_property
    def zoned_start_times(self):
        """The start in every zone staff chose, each with its abbreviation on that date."""
        return in_time_zones(self.starts_at, [zone.time_zone for zone in self.time_zones.all()])

    def get_context(self, request, *args, **kwargs):
        """The webinar, its dialogue and people; the webinars package adds what the reader may see
        now: join link, stream, questions, structured data (``webinars/audience.py``)."""
        context = super().get_context(request, *args, **kwargs)
        context["dialogue"] = self.dialogue
        context["calendar_links"] = web_calendar_links(self, request)
        context["moderators"] = localized_people((link.person for link in self.moderators.all()), self.locale_id)
        return extend_context(self, request, context)
