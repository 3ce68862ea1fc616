from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The project: connects the anonymous page cache to the signals that purge it."""

    name = "cms"
    label = "cms"
    verbose_name = _("Community of Practice site")

    def ready(self):
        from . import page_cache

        page_cache.connect()
