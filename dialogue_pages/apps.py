from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguePagesConfig(AppConfig):
    """Virtual Dialogues: the dialogues, their weeks, webinars, reports and people."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dialogue_pages"
    verbose_name = _("Virtual dialogues")

    def ready(self):
        # Receivers live beside the code they serve; importing them here connects them.
        from .discussion import receivers

        receivers.connect()
