from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    """Emails to members: preferences, unsubscribe links, announcements, reminders and digests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "mailings"
    verbose_name = _("Emails to members")
