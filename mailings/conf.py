"""The settings of the emails to members, with their defaults: the one place the app reads them.

Read from ``django.conf.settings`` when asked for, so a site may leave any out and tests
may change them with ``override_settings``: ``from mailings.conf import app_settings``.
"""

from django.conf import settings

DEFAULTS = {
    # How many members one background task emails before it queues the next batch.
    "MAILINGS_BATCH_SIZE": 100,
    # A week's opening is announced only while it opened less than this many hours ago, so
    # that a site switching the reminders on (or a cron job that stopped for a while) never
    # emails about weeks long open.
    "MAILINGS_CATCH_UP_HOURS": 24,
    # Webinar reminders go out this many hours (or less) before the start.
    "MAILINGS_WEBINAR_REMINDER_HOURS": 24,
    # The digest covers at most this many days (since the member's previous digest otherwise).
    "MAILINGS_DIGEST_DAYS": 7,
    # Comments listed per week in a digest (the others are counted, with a link to the week).
    "MAILINGS_DIGEST_COMMENTS_PER_WEEK": 5,
    # An announcement still sending with no delivery for this many minutes is resumed by
    # `manage.py send_due_emails` (its task failed or its worker stopped).
    "MAILINGS_STALLED_MINUTES": 15,
}


class AppSettings:
    """The app's settings as attributes: the site's value if it sets one, else the default above."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"{name} is not a setting of mailings (see mailings.conf.DEFAULTS)")
        return getattr(settings, name, DEFAULTS[name])


app_settings = AppSettings()
