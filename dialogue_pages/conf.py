"""The settings of Virtual Dialogues, with their defaults: the one place the app reads them.

Every value is read from ``django.conf.settings`` when it is asked for, so a site may leave
any of them out and tests may change them with ``override_settings``. Use
``from dialogue_pages.conf import app_settings`` and read e.g. ``app_settings.DISCUSSION_RATE_LIMIT``.
"""

from django.conf import settings

DEFAULTS = {
    # How many comments a member may post in DISCUSSION_RATE_WINDOW seconds.
    "DISCUSSION_RATE_LIMIT": 5,
    "DISCUSSION_RATE_WINDOW": 600,
    # How long (seconds) an author may correct or delete their comment.
    "DISCUSSION_EDIT_WINDOW": 30 * 60,
    "DISCUSSION_THREADS_PER_PAGE": 20,
    # Replies shown under each thread on the week's page; "show N more replies" loads the
    # rest in batches of DISCUSSION_REPLIES_PER_BATCH.
    "DISCUSSION_REPLIES_SHOWN": 3,
    "DISCUSSION_REPLIES_PER_BATCH": 50,
    # Exports of more comments than this are prepared by a background task.
    "DISCUSSION_EXPORT_INLINE_LIMIT": 2000,
    # Participation figures count as new the members who joined from this many days before a
    # dialogue opened until it closed (those who joined for it, after its announcement).
    "PARTICIPATION_NEW_MEMBER_DAYS": 30,
    # Webinars: when confirmed members see the join link and may send questions (minutes before
    # the start), how many questions they may send per window (seconds), and how often the live
    # page refreshes its list of questions (seconds; also how long a visitor's copy is cached).
    "WEBINAR_JOIN_LINK_OPENS_MINUTES": 30,
    "WEBINAR_QUESTIONS_OPEN_MINUTES": 24 * 60,
    "WEBINAR_QUESTION_RATE_LIMIT": 5,
    "WEBINAR_QUESTION_RATE_WINDOW": 600,
    "WEBINAR_LIVE_REFRESH_SECONDS": 20,
    # The longest a visitor's cached copy of a page may last (the site's page cache).
    "PAGE_CACHE_SECONDS": 300,
}


class AppSettings:
    """The app's settings as attributes: the site's value if it sets one, else the default above."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"{name} is not a setting of dialogue_pages (see dialogue_pages.conf.DEFAULTS)")
        return getattr(settings, name, DEFAULTS[name])

    def __dir__(self):
        return [*super().__dir__(), *DEFAULTS]


app_settings = AppSettings()
