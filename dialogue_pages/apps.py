from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguePagesConfig(AppConfig):
    """Virtual Dialogues: the dialogues, their weeks, webinars, reports and people."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dialogue_pages"
    verbose_name = _("Virtual dialogues")

    def ready(self):
        # Receivers and page-context providers live beside the code they serve; importing
        # them here connects them (the page models never import the discussion or webinars).
        from .discussion import receivers, threads  # noqa: F401  (threads: the week's discussion)
        from .webinars import audience  # noqa: F401  (the webinar's join link, questions…)

        receivers.connect()
