from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalizedPagesConfig(AppConfig):
    """Every language is a whole site: pages not translated yet are listed and served in it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "localized_pages"
    verbose_name = _("Pages in every language")

    def ready(self):
        from . import (
            receivers,  # noqa: F401  (translations stay drafts until a translator publishes)
            versions,
        )

        versions.connect()  # the page tree's version (cached listings and routes key on it)
