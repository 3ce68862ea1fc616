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

        # Pages list people (moderators, panellists): a profile edit is a change of the page tree.
        from django.db.models.signals import post_delete, post_save

        from localized_pages.versions import tree_changed

        from .models import Person

        post_save.connect(tree_changed, sender=Person, dispatch_uid="dialogue_person_saved")
        post_delete.connect(tree_changed, sender=Person, dispatch_uid="dialogue_person_deleted")
