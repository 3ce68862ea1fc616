"""Editors and page moderators manage the People snippets (panellists, moderators, authors).

They build the dialogue and webinar pages that name these people, so they add and edit
them too; Wagtail gives snippet permissions to nobody by default.
"""

from django.db import migrations

ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="dialogue_pages", model="person")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_person", defaults={"name": f"Can {action} person"}
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ("dialogue_pages", "0005_comment_names_without_email"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
