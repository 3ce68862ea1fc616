"""The emails that follow the calendar: a week opens, a webinar is near, the weekly digest.

``manage.py send_due_emails`` (run by cron, e.g. every 15 minutes) asks ``due_emails()`` what is
due and queues one task each. Each email is claimed in ``Delivery`` before it goes, under a key
naming what it is about (the week's or the webinar's translation key, the digest's ISO week), so
running the command twice, or two workers at once, never writes to a member twice about it.

Only live, public pages are ever mentioned, and only visible comments (published, not hidden,
on a live public week): nothing a visitor could not read reaches an inbox.
"""

import operator
from collections import defaultdict
from datetime import UTC, timedelta
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from dialogue_pages.calendars import calendar_response, webinar_event
from dialogue_pages.conf import app_settings as dialogue_settings
from dialogue_pages.models import DialogueComment, WebinarPage, WeeklyQuestionPage

from .conf import app_settings
from .emails import absolute, deliver_once, member_email, one_batch, page_for_reader, page_url, speaking_to
from .following import followed_dialogues
from .models import Delivery, DialogueFollow, EmailKind
from .recipients import members_who_want


def _in_default_language(queryset):
    """One page per translation group: the source (default-language) page, which every translation shares."""
    return queryset.filter(locale=Locale.get_default())


def reachable(page):
    """Whether readers can open ``page``: it and every page above it (below the root) are live and public.

    ``live()`` alone says nothing of the parent: a live week under an unpublished dialogue is not
    found at its address.
    """
    if not page.live or not Page.objects.filter(pk=page.pk).public().exists():
        return False
    return not page.get_ancestors().filter(depth__gt=1, live=False).exists()


def _reachable(pages):
    return [page for page in pages if reachable(page)]


# A week opens ------------------------------------------------------------------------------


def weeks_opened(now=None):
    """Live, public weeks that opened within the last ``MAILINGS_CATCH_UP_HOURS`` and are still open."""
    now = now or timezone.now()
    since = now - timedelta(hours=app_settings.MAILINGS_CATCH_UP_HOURS)
    weeks = WeeklyQuestionPage.objects.live().public().filter(opens_at__gt=since, opens_at__lte=now, closes_at__gt=now)
    return _reachable(_in_default_language(weeks).order_by("opens_at"))


def compose_week_opening(week, dialogue, member):
    with speaking_to(member):
        shown = page_for_reader(week)
        dialogue = page_for_reader(dialogue)
        context = {
            "week_title": shown.title,
            "dialogue_title": dialogue.title,
            "dates": shown.date_range_label,
            "questions": shown.question_texts,
            "week_url": shown.get_full_url(),
        }
        subject = _("Now open for discussion: %(week)s") % {"week": shown.title}
        return member_email(member, EmailKind.WEEK_OPENING, subject, "week_opening", context)


def send_week_opening(week_id):
    """Tell every member who wants it that week ``week_id`` is open; returns how many emails went out."""
    week = WeeklyQuestionPage.objects.filter(pk=week_id).first()
    if week is None or not reachable(week):
        return 0
    key = f"week:{week.translation_key}"
    dialogue = week.get_parent().specific
    return send_once_to_each(
        members_who_want(EmailKind.WEEK_OPENING),
        EmailKind.WEEK_OPENING,
        key,
        lambda member: compose_week_opening(week, dialogue, member),
    )


def send_once_to_each(members, kind, key, compose):
    """Send ``compose(member)`` once (``key``) to each of ``members``; returns how many went out."""
    sent = 0
    with one_batch():
        for member in members.order_by("pk").iterator():
            sent += deliver_once(member, kind, key, compose)
    return sent


# A webinar is near -------------------------------------------------------------------------


def webinars_soon(now=None):
    """Live, public webinars starting within the next ``MAILINGS_WEBINAR_REMINDER_HOURS``."""
    now = now or timezone.now()
    until = now + timedelta(hours=app_settings.MAILINGS_WEBINAR_REMINDER_HOURS)
    webinars = WebinarPage.objects.live().public().filter(starts_at__gt=now, starts_at__lte=until)
    return _reachable(_in_default_language(webinars).order_by("starts_at"))


def calendar_file(webinar):
    """The webinar's public calendar file (it says to join from the page; never the join link)."""
    response = calendar_response([webinar_event(webinar, None)], webinar.slug)
    return f"{slugify(webinar.slug) or 'webinar'}.ics", response.content, "text/calendar"


def compose_webinar_reminder(webinar, dialogue, member):
    with speaking_to(member):
        shown = page_for_reader(webinar)
        dialogue = page_for_reader(dialogue)
        times = [
            f"{zoned.local:%H:%M} {zoned.abbreviation} ({zoned.place})" for zoned in webinar.zoned_start_times
        ] or [f"{webinar.starts_at.astimezone(UTC):%H:%M} UTC"]
        context = {
            "webinar_title": shown.title,
            "dialogue_title": dialogue.title,
            "day": date_format(webinar.starts_at, "DATE_FORMAT"),
            "times": times,
            "language": webinar.language,
            "join_minutes": dialogue_settings.WEBINAR_JOIN_LINK_OPENS_MINUTES,
            "webinar_url": shown.get_full_url(),
        }
        subject = _("Webinar reminder: %(title)s") % {"title": shown.title}
        return member_email(
            member,
            EmailKind.WEBINAR_REMINDERS,
            subject,
            "webinar_reminder",
            context,
            attachments=[calendar_file(shown)],
        )


def send_webinar_reminder(webinar_id):
    """Remind every member who wants it of webinar ``webinar_id``; returns how many emails went out."""
    webinar = WebinarPage.objects.filter(pk=webinar_id).first()
    if webinar is None or not reachable(webinar):
        return 0
    key = f"webinar:{webinar.translation_key}:{webinar.starts_at:%Y%m%dT%H%M}"
    dialogue = webinar.get_parent().specific
    return send_once_to_each(
        members_who_want(EmailKind.WEBINAR_REMINDERS),
        EmailKind.WEBINAR_REMINDERS,
        key,
        lambda member: compose_webinar_reminder(webinar, dialogue, member),
    )


# The weekly digest -------------------------------------------------------------------------


def digest_key(now):
    """One digest per member per ISO week: ``digest:2026-W48``."""
    year, week, _weekday = now.isocalendar()
    return f"digest:{year}-W{week:02d}"


def visible_comments():
    """Comments anyone may read: published, not hidden or deleted, on a live, public page."""
    return DialogueComment.get_indexed_objects()


def digest_for(member, since, until):
    """What a member's digest says: per followed dialogue (see ``following``) and week, the new visible
    comments of others."""
    dialogues = {page.path: page for page in followed_dialogues(member)}
    if not dialogues:
        return []
    steplen = WeeklyQuestionPage.steplen
    children = reduce(
        operator.or_, (Q(path__startswith=page.path, depth=page.depth + 1) for page in dialogues.values())
    )
    weeks = {str(week.pk): week for week in WeeklyQuestionPage.objects.filter(children)}
    week_type = ContentType.objects.get_for_model(WeeklyQuestionPage)
    comments = (
        visible_comments()
        .filter(content_type=week_type, object_pk__in=list(weeks), submit_date__gte=since, submit_date__lt=until)
        .exclude(user=member)
        .order_by("submit_date", "pk")
    )
    by_week = defaultdict(list)
    for comment in comments:
        by_week[comment.object_pk].append(comment)
    shown = app_settings.MAILINGS_DIGEST_COMMENTS_PER_WEEK
    sections = defaultdict(list)
    for week_pk, week_comments in by_week.items():
        week = weeks[week_pk]
        reader_week = page_for_reader(week)
        sections[week.path[:-steplen]].append(
            {
                "title": reader_week.title,
                "url": reader_week.get_full_url(),
                "count": len(week_comments),
                "more": max(0, len(week_comments) - shown),
                "comments": [
                    {
                        "author": comment.author_public_name or _("A former member"),
                        "excerpt": truncatechars(" ".join(comment.comment.split()), 240),
                        "url": absolute(f"{reverse('discussion-comment', args=[comment.pk])}#c{comment.pk}"),
                    }
                    for comment in week_comments[:shown]
                ],
                "week_number": week.week_number,
            }
        )
    return [
        {
            "title": page_for_reader(dialogues[path]).title,
            "url": page_url(dialogues[path]),
            "weeks": sorted(sections[path], key=lambda week: week["week_number"]),
        }
        for path in sorted(dialogues)
        if sections.get(path)
    ]


def digest_since(member, now):
    """The start of the member's next digest: their previous digest, at most ``MAILINGS_DIGEST_DAYS`` ago."""
    earliest = now - timedelta(days=app_settings.MAILINGS_DIGEST_DAYS)
    previous = (
        Delivery.objects.filter(kind=EmailKind.DIGEST, user=member, status=Delivery.Status.SENT)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return max(earliest, previous) if previous else earliest


def compose_digest(member, now):
    """The member's digest, or None when nothing new was said in the dialogues they follow."""
    with speaking_to(member):
        since = digest_since(member, now)
        dialogues = digest_for(member, since, now)
        if not dialogues:
            return None
        context = {"dialogues": dialogues, "since": date_format(since, "DATE_FORMAT")}
        subject = _("New comments in the dialogues you follow")
        return member_email(member, EmailKind.DIGEST, subject, "digest", context)


def digest_readers():
    """Members who want the digest and may follow a dialogue: they commented, or pressed *Follow*."""
    commented = DialogueComment.objects.filter(user=OuterRef("pk"))
    follows = DialogueFollow.objects.filter(user=OuterRef("pk"), following=True)
    return members_who_want(EmailKind.DIGEST).filter(Q(Exists(commented)) | Q(Exists(follows)))


def send_digests(now=None):
    """Send this ISO week's digest to every member who wants one and has news; returns how many went out."""
    now = now or timezone.now()
    return send_once_to_each(
        digest_readers(), EmailKind.DIGEST, digest_key(now), lambda member: compose_digest(member, now)
    )


# What is due ---------------------------------------------------------------------------------


def due_emails(now=None):
    """``(task name, argument)`` for everything due at ``now``: weeks opened, webinars near, the digest."""
    now = now or timezone.now()
    due = [("week_opening", week.pk) for week in weeks_opened(now)]
    due += [("webinar_reminder", webinar.pk) for webinar in webinars_soon(now)]
    due.append(("digest", now.isoformat()))
    return due
