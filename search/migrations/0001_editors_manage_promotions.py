"""Editors manage search promotions ("promoted results" for a query) without being administrators.

Wagtail gives the permission to nobody by default; communications staff (Wagtail's
"Editors" group) curate what the site search puts first, so they get it here.
"""

from django.db import migrations

ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailsearchpromotions", model="searchpromotion")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_searchpromotion",
            defaults={"name": f"Can {action} search promotion"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("members", "0003_groups"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
