"""Background work of the discussion, run by django-tasks (the task framework Wagtail uses).

Emails and large exports never hold up a member's or a moderator's request: the view
enqueues one of these tasks. The immediate backend (development, tests) runs it at
once; in production the database backend stores it, in the same transaction as the
change that caused it, for ``manage.py db_worker`` to run. Arguments are primary keys
and language codes, never model instances, so a task reads the database as it is
when it runs.
"""

from django_tasks import task

from django.utils import translation


@task()
def email_moderators_about_report(event_id):
    """Email every active moderator about the report recorded as ModerationEvent ``event_id``."""
    from .moderation import email_moderators_about_report as send

    return send(event_id)


@task()
def notify_thread_followers(comment_id, language):
    """Tell the members who follow a thread about its new published comment ``comment_id``."""
    from .moderation import notify_followers

    with translation.override(language):
        return notify_followers(comment_id)


@task()
def prepare_discussion_export(dialogue_id, file_format, name, language):
    """Write a dialogue's discussion export to the private ``exports`` storage under ``name``."""
    from .exports import write_export

    with translation.override(language):
        return write_export(dialogue_id, file_format, name)
