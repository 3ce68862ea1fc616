"""Background work of the emails to members, run by django-tasks (the task framework Wagtail uses).

The immediate backend (development, tests) runs a task at once; production's database backend
stores it for ``manage.py db_worker``. Arguments are primary keys and ISO dates, never model
instances, so a task reads the database as it is when it runs (a member who unsubscribed in the
meantime is left out).
"""

from django_tasks import task

from django.utils.dateparse import parse_datetime


@task()
def send_announcement_batch(announcement_id):
    """Send the next batch of an announcement; queues the batch after it (see ``announcements``)."""
    from .announcements import send_batch

    return send_batch(announcement_id)


@task()
def send_week_opening(week_id):
    """Tell the members who want it that a week is open."""
    from .scheduled import send_week_opening as send

    return send(week_id)


@task()
def send_webinar_reminder(webinar_id):
    """Remind the members who want it of a webinar, with its calendar file."""
    from .scheduled import send_webinar_reminder as send

    return send(webinar_id)


@task()
def send_digests(now):
    """Send the weekly digest of ``now``'s ISO week (an ISO datetime) to every member with news."""
    from .scheduled import send_digests as send

    return send(parse_datetime(now))


SCHEDULED = {
    "week_opening": send_week_opening,
    "webinar_reminder": send_webinar_reminder,
    "digest": send_digests,
}
