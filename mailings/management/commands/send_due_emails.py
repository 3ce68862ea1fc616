"""Queue the emails that are due: weeks that opened, webinars coming soon, the weekly digest.

Run it from cron every 15 minutes or so (see the README, *Emails to members*):

    */15 * * * *  cd /srv/cop && .venv/bin/python manage.py send_due_emails

It is safe to run as often as you like: each email is claimed in the delivery ledger before it
goes, so nobody gets the same reminder or the same week's digest twice. It also resumes
announcements whose sending stalled (a failed task, a stopped worker).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from mailings.announcements import resume, stalled_announcements
from mailings.scheduled import due_emails
from mailings.tasks import SCHEDULED


class Command(BaseCommand):
    help = (
        "Queue the week-opening reminders, webinar reminders and weekly digests that are due; "
        "resume stalled announcements."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        due = due_emails(now)
        for name, argument in due:
            SCHEDULED[name].enqueue(argument)
        stalled = stalled_announcements(now)
        for announcement in stalled:
            resume(announcement)
        if options["verbosity"]:
            self.stdout.write(f"Queued {len(due)} email task(s); resumed {len(stalled)} announcement(s).")
