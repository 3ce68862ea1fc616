"""The groups the site's roles rely on: Members, Moderators and Editors.

Wagtail's own migrations create "Moderators" and "Editors" (with admin access);
get_or_create keeps this safe on a database where they were renamed back or
removed. Moderators also get the comment moderation permission, whose row Django
would only create after all migrations (post_migrate), so it is created here.
Members get no permission at all: in particular no admin access.
"""

from django.db import migrations

MODERATE_COMMENTS = ("dialogue_pages", "dialoguecomment", "moderate_dialoguecomment", "Can moderate dialogue comments")
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")


def get_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Members")
    Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(get_permission(apps, *MODERATE_COMMENTS), get_permission(apps, *ACCESS_ADMIN))


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0002_profile"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Creates access_admin and gives it to Wagtail's Editors and Moderators,
        # after wagtailcore's initial data has created those groups.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("dialogue_pages", "0002_discussion"),
    ]

    operations = [
        # Reversing leaves the groups alone: they hold people, and Wagtail's
        # own migrations own Editors and Moderators.
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
