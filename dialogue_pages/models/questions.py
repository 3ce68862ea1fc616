"""Questions members send to a webinar's panel, and what the moderator made of them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceQuestionQuerySet(models.QuerySet):
    def shown(self):
        """The questions the page shows: those put to the panel (asked) or answered, in that order."""
        return self.filter(status__in=AudienceQuestion.SHOWN).order_by("moderated_at", "pk")


class AudienceQuestion(models.Model):
    """A member's question to a webinar's panel.

    Questions attach to the webinar's page in the default language, so every
    translation of the page shares one list. Nothing is public until a moderator
    marks the question as asked or answered.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the moderator")
        ASKED = "asked", _("Asked")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")

    SHOWN = [Status.ASKED, Status.ANSWERED]

    webinar = models.ForeignKey(
        "dialogue_pages.WebinarPage",
        verbose_name=_("webinar"),
        on_delete=models.CASCADE,
        related_name="audience_questions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webinar_questions",
        help_text=_("Empty once the member has deleted their account; the question stays."),
    )
    text = models.TextField(_("question"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    submitted_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    objects = AudienceQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("audience question")
        verbose_name_plural = _("audience questions")
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["webinar", "status"], name="audiencequestion_queue")]

    def __str__(self):
        return self.text[:80]

    @property
    def author_public_name(self):
        """The author's public name (never their email address), '' once the account is gone."""
        return str(self.author.public_name) if self.author_id and self.author else ""

    @property
    def is_shown(self):
        return self.status in self.SHOWN
