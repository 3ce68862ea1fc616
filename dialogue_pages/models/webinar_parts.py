"""The parts staff add to a webinar page in its inline panels: time zones, people, chapters,
captions and documents."""

from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..timezones import time_zone_choices, validate_time_zone
from ..transcripts import format_timestamp, parse_timestamp, validate_timestamp
from .people import PersonLink
from .webinars import WebinarPage


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


class WebinarChapter(Orderable):
    """A moment of the recording readers can jump to."""

    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="chapters")
    timestamp = models.CharField(
        _("time"),
        max_length=8,
        validators=[validate_timestamp],
        help_text=_("Where the chapter starts in the recording: hh:mm:ss or mm:ss."),
    )
    title = models.CharField(_("title"), max_length=255)

    panels = [FieldRowPanel([FieldPanel("timestamp"), FieldPanel("title")])]

    def __str__(self):
        return f"{self.timestamp} {self.title}"

    @property
    def seconds(self):
        return parse_timestamp(self.timestamp) or 0

    @property
    def display_time(self):
        """The start as players show it ("2:05"), however staff typed it ("02:05", "0:02:05")."""
        return format_timestamp(self.seconds)


class WebinarCaption(Orderable):
    """Captions of the uploaded recording in one language, as a WebVTT file."""

    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("WebVTT file"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A .vtt file (it starts with the line WEBVTT)."),
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("file")])]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="one_caption_file_per_language")]

    def __str__(self):
        return self.get_language_display()

    def clean(self):
        super().clean()
        if self.file_id and PurePosixPath(self.file.file.name).suffix.lower() != ".vtt":
            raise ValidationError({"file": _("Captions must be a WebVTT file ending in .vtt.")})


class WebinarDocument(Orderable):
    """Another document of the webinar: a presentation, a handout, a case study."""

    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Optional: shown instead of the document's own title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self):
        return self.title or self.document.title
