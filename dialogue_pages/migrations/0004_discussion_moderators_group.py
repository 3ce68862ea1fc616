"""Discussion moderation becomes a role of its own: the "Discussion moderators" group.

Until now the moderation permission was given to Wagtail's "Moderators" group, whose
job is approving pages, so every page approver could hide comments and wore the public
"Moderator" badge. This migration creates "Discussion moderators" with the permission
(and admin access, to reach the moderation queue), takes the permission away from
Wagtail's "Moderators", and moves the people who moderated the discussion through that
group (the demo's ``moderator`` account among them) into the new group, so nobody loses
the role they had; an administrator then removes whoever should not keep it. Their page
approval is left alone: it is a different role.
"""

from django.db import migrations

MODERATE_COMMENTS = ("dialogue_pages", "dialoguecomment", "moderate_dialoguecomment", "Can moderate dialogue comments")
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
NEW_GROUP = "Discussion moderators"
PAGE_MODERATORS = "Moderators"


def get_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def split_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    moderate = get_permission(apps, *MODERATE_COMMENTS)
    discussion_moderators, _ = Group.objects.get_or_create(name=NEW_GROUP)
    discussion_moderators.permissions.add(moderate, get_permission(apps, *ACCESS_ADMIN))
    page_moderators = Group.objects.filter(name=PAGE_MODERATORS).first()
    if page_moderators is not None and page_moderators.permissions.filter(pk=moderate.pk).exists():
        discussion_moderators.user_set.add(*page_moderators.user_set.all())
        page_moderators.permissions.remove(moderate)


def join_roles(apps, schema_editor):
    """Give the permission back to Wagtail's "Moderators"; the new group and its people stay."""
    Group = apps.get_model("auth", "Group")
    page_moderators = Group.objects.filter(name=PAGE_MODERATORS).first()
    if page_moderators is not None:
        page_moderators.permissions.add(get_permission(apps, *MODERATE_COMMENTS))


class Migration(migrations.Migration):

    dependencies = [
        ("dialogue_pages", "0003_webinar_recordings_and_questions"),
        # After the migration that gave the permission to Wagtail's "Moderators".
        ("members", "0003_groups"),
    ]

    operations = [
        migrations.RunPython(split_roles, join_roles),
    ]
