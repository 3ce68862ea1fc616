from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The site's home page, which brings the dialogues and knowledge products together."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")
