from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeProductsConfig(AppConfig):
    """Knowledge products (publications such as the Compendium) and their case studies."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge_products"
    verbose_name = _("Knowledge products")
