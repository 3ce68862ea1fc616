"""Give django.contrib.sites' Site (used in comment emails) the site's real domain."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def set_domain(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Community of Practice"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(set_domain, migrations.RunPython.noop)]
