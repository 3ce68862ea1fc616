from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The public search over every live, public page of the site."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "site_search"
    verbose_name = _("Site search")

    def ready(self):
        from . import signals

        signals.connect()
