"""Webinars: an announcement before the event, the recording page after it."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..calendars import calendar_response, web_calendar_links, webinar_event
from ..timezones import in_time_zones, time_zone_choices, validate_time_zone
from .dialogues import RICH_TEXT_FEATURES
from .people import PersonLink, localized_people


class WebinarPage(Page):
    """A live webinar of a dialogue, and afterwards its recording, transcript and slides."""

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
        help_text=_("The language the webinar is held in."),
    )
    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    join_url = models.URLField(
        _("join / stream link"),
        blank=True,
        help_text=_("Where members join the live webinar."),
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
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_("The recording's transcript; start a line with [hh:mm:ss] to mark when it was said."),
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
        FieldPanel("join_url"),
        MultiFieldPanel(
            [
                FieldPanel("recording_url"),
                FieldPanel("recording_media"),
                FieldPanel("transcript"),
                FieldPanel("slides"),
            ],
            heading=_("After the webinar"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("transcript"),
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

    parent_page_types = ["dialogue_pages.DialoguePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("webinar page")

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_past(self):
        return timezone.now() >= self.ends_at

    @property
    def has_recording(self):
        return bool(self.recording_url or self.recording_media_id)

    @cached_property
    def dialogue(self):
        return self.get_parent().specific

    def event_ics(self, request):
        """This webinar as an iCalendar file."""
        return calendar_response([webinar_event(self, request)], self.slug)

    @cached_property
    def zoned_start_times(self):
        """The start in every zone staff chose, each with its abbreviation on that date."""
        return in_time_zones(self.starts_at, [zone.time_zone for zone in self.time_zones.all()])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["dialogue"] = self.dialogue
        context["calendar_links"] = web_calendar_links(self, request)
        panellists = list(self.panellists.select_related("person", "person__photo"))
        people = localized_people((link.person for link in panellists), self.locale_id)
        for link, person in zip(panellists, people, strict=True):
            link.person = person
        context["panellists"] = panellists
        context["moderators"] = localized_people(
            (link.person for link in self.moderators.select_related("person")), self.locale_id
        )
        return context


class WebinarTimeZone(Orderable):
    """One time zone in which the webinar's time is shown."""

    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="time_zones")
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("An IANA zone such as America/New_York; its abbreviation (EDT, CEST…) follows the date."),
    )

    panels = [FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices))]

    def __str__(self):
        return self.time_zone


class WebinarModerator(PersonLink):
    """Who moderates the webinar's panel and relays the audience's questions."""

    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="moderators")


class WebinarPanellist(PersonLink):
    """An invited speaker on the webinar's panel, in speaking order."""

    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="panellists")
    role = models.CharField(
        _("role on the panel"),
        max_length=255,
        blank=True,
        help_text=_("Optional: what the person speaks about, e.g. the case study they present."),
    )

    panels = PersonLink.panels + [FieldPanel("role")]
