"""What members chose to receive, the announcements staff write, and every email sent.

``Delivery`` is the ledger that makes sending safe to repeat: one row per email kind, subject
and member, claimed (inserted, unique) *before* the email goes out, so a resumed announcement
or a cron job run twice never writes to the same member twice about the same thing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    """The kinds of email a member may choose to receive; each is a field of ``EmailPreferences``."""

    ANNOUNCEMENTS = "announcements", _("Dialogue announcements")
    WEEK_OPENING = "week_opening", _("A reminder when a week of a dialogue opens")
    DIGEST = "digest", _("A weekly digest of new comments in the dialogues you follow")
    WEBINAR_REMINDERS = "webinar_reminders", _("Webinar reminders, with the calendar file")


class EmailPreferences(models.Model):
    """One member's choice of emails. A member without a row gets every kind (the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    announcements = models.BooleanField(EmailKind.ANNOUNCEMENTS.label, default=True)
    week_opening = models.BooleanField(EmailKind.WEEK_OPENING.label, default=True)
    digest = models.BooleanField(EmailKind.DIGEST.label, default=True)
    webinar_reminders = models.BooleanField(EmailKind.WEBINAR_REMINDERS.label, default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("email preferences")
        verbose_name_plural = _("email preferences")

    def __str__(self):
        return str(self.user_id)

    def wants(self, kind):
        return getattr(self, EmailKind(kind).value)


class Announcement(models.Model):
    """An email about a dialogue that staff write (per language), preview, test and send to members.

    ``texts`` holds ``{"en": {"subject": …, "body": …}, "es": …}``; a member whose language has
    no text of its own reads the site's default language.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    dialogue = models.ForeignKey(
        "dialogue_pages.DialoguePage",
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    texts = models.JSONField(_("subject and text per language"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]
        permissions = [("send_announcement", _("Can send announcements to members"))]

    def __str__(self):
        return self.text_in(settings.LANGUAGE_CODE)["subject"]

    def text_in(self, language):
        """``{"subject", "body"}`` in ``language``, else in the site's default language."""
        text = self.texts.get(language) or {}
        if text.get("subject", "").strip() and text.get("body", "").strip():
            return text
        return self.texts.get(settings.LANGUAGE_CODE) or {"subject": "", "body": ""}

    @property
    def own_languages(self):
        """The languages written for this announcement (others read the default language)."""
        return [
            code
            for code, _name in settings.LANGUAGES
            if (self.texts.get(code) or {}).get("subject", "").strip()
            and (self.texts.get(code) or {}).get("body", "").strip()
        ]


class Delivery(models.Model):
    """One email of one kind about one thing (``key``) to one member: claimed, then sent.

    The unique constraint is what "never twice" rests on: whoever inserts the row sends the
    email; anyone else (a second worker, a resumed task, a cron job run twice) skips it.
    A row left *claimed* means the sender stopped between claiming and handing the email
    over (the email may not have gone); it is never sent again, and the admin counts it.
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=20, choices=EmailKind.choices)
    key = models.CharField(_("about"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CLAIMED)
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "user"], name="mailings_one_delivery_per_member"),
        ]
        indexes = [models.Index(fields=["kind", "user", "sent_at"], name="mailings_delivery_last_sent")]

    def __str__(self):
        return f"{self.kind}:{self.key} → {self.user_id}"


class DialogueFollow(models.Model):
    """A member's own choice to follow a dialogue (for the weekly digest), or to stop following it.

    Without a row, a member follows the dialogues they have commented in. ``following`` True
    adds a dialogue they have not commented in; False drops one they have. The dialogue is
    its page in the site's default language, which every translation's discussion shares.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    dialogue = models.ForeignKey(
        "dialogue_pages.DialoguePage", verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="+"
    )
    following = models.BooleanField(_("following"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("followed dialogue")
        verbose_name_plural = _("followed dialogues")
        constraints = [models.UniqueConstraint(fields=["user", "dialogue"], name="mailings_one_follow_per_dialogue")]

    def __str__(self):
        return f"{self.user_id} → {self.dialogue_id}: {self.following}"
