"""Sending announcements is a role of its own: the "Announcement senders" group.

An announcement reaches every member at once, so the right to send one is neither page
editing nor page approval (Wagtail's "Editors" and "Moderators") nor discussion moderation.
This creates the group with the permission and admin access; administrators add the
communications staff to it (or give the permission to another group) in *Settings › Groups*.
Superusers hold every permission already.
"""

from django.db import migrations

SEND_ANNOUNCEMENT = ("mailings", "announcement", "send_announcement", "Can send announcements to members")
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
GROUP = "Announcement senders"


def get_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(get_permission(apps, *SEND_ANNOUNCEMENT), get_permission(apps, *ACCESS_ADMIN))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mailings", "0001_emails_to_members"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
