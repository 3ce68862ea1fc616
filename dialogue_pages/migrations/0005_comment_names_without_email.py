"""Comments keep the author's public name, never a part of their email address.

Until now django-comments stored the account's username as a comment's ``user_name``
(shown in search results), and allauth makes usernames from the email address. Each
comment now stores its author's public name: the display name, else “Member 123”.
"""

from django.db import migrations


def public_names(apps, schema_editor):
    DialogueComment = apps.get_model("dialogue_pages", "DialogueComment")
    User = apps.get_model("members", "User")
    names = {
        pk: display_name.strip() or f"Member {pk}"
        for pk, display_name in User.objects.filter(
            pk__in=DialogueComment.objects.filter(user__isnull=False).values("user_id")
        ).values_list("pk", "display_name")
    }
    for pk, name in names.items():
        DialogueComment.objects.filter(user_id=pk).exclude(user_name=name).update(user_name=name)


class Migration(migrations.Migration):

    dependencies = [
        ("dialogue_pages", "0004_discussion_moderators_group"),
        ("members", "0004_display_name_help"),
    ]

    operations = [
        migrations.RunPython(public_names, migrations.RunPython.noop),
    ]
