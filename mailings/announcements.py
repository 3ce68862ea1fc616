"""Announcements: composing one for a member, test sends, and sending to every member in batches.

Sending is a chain of background tasks (``tasks.send_announcement_batch``): each picks the next
``MAILINGS_BATCH_SIZE`` members who want announcements and have no delivery of this one yet,
claims and sends each (``emails.deliver_once``), then queues the next batch, until none is left.
A batch that fails (the mail server refuses) leaves the announcement *sending*; running a batch
again (the admin's *Resume* button, or ``manage.py send_due_emails`` once it has stalled) carries
on where it stopped, and the delivery rows make sure nobody gets it twice.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone, translation

from wagtail.models import Page

from .conf import app_settings
from .emails import deliver_once, member_email, one_batch, page_for_reader, speaking_to
from .models import Announcement, Delivery, EmailKind
from .recipients import members_who_want

KIND = EmailKind.ANNOUNCEMENTS


def compose(announcement, member, language=None):
    """The announcement as ``member`` reads it: their language's text (else the default's), links in it.

    ``language`` overrides the member's (previews and test sends of each language).
    """
    with speaking_to(member):
        if language:
            translation.activate(language)  # undone when speaking_to's override ends
        text = announcement.text_in(translation.get_language())
        dialogue = page_for_reader(announcement.dialogue)
        context = {
            "body": text["body"].strip(),
            "dialogue_title": dialogue.title,
            "dialogue_url": dialogue.get_full_url(),
        }
        return member_email(member, KIND, text["subject"], "announcement", context)


def dialogue_is_public(announcement):
    """Whether the announced dialogue is live and public: only then may members be sent its link."""
    return Page.objects.live().public().filter(pk=announcement.dialogue_id).exists()


def recipients(announcement):
    """Members still to receive ``announcement``: they want announcements and have no delivery of it."""
    delivered = Delivery.objects.filter(kind=KIND, key=str(announcement.pk)).values("user_id")
    return members_who_want(KIND).exclude(pk__in=delivered)


def progress(announcement):
    """How far sending has gone: sent, claimed but not confirmed, still to send, and the total."""
    deliveries = Delivery.objects.filter(kind=KIND, key=str(announcement.pk))
    sent = deliveries.filter(status=Delivery.Status.SENT).count()
    unconfirmed = deliveries.filter(status=Delivery.Status.CLAIMED).count()
    remaining = recipients(announcement).count() if announcement.status != Announcement.Status.SENT else 0
    total = sent + unconfirmed + remaining
    return {
        "sent": sent,
        "unconfirmed": unconfirmed,
        "remaining": remaining,
        "total": total,
        "percent": round(100 * (sent + unconfirmed) / total) if total else 100,
    }


def start_sending(announcement, user):
    """Mark ``announcement`` as sending (once: a second click changes nothing) and queue its first batch.

    Returns False when it was not a draft any more.
    """
    from .tasks import send_announcement_batch

    started = Announcement.objects.filter(pk=announcement.pk, status=Announcement.Status.DRAFT).update(
        status=Announcement.Status.SENDING, sent_by=user, send_started_at=timezone.now()
    )
    if started:
        send_announcement_batch.enqueue(announcement.pk)
    return bool(started)


def resume(announcement):
    """Queue the next batch of an announcement still sending (after a failed or lost task)."""
    from .tasks import send_announcement_batch

    if announcement.status != Announcement.Status.SENDING:
        return False
    send_announcement_batch.enqueue(announcement.pk)
    return True


def send_batch(announcement_id, batch_size=None):
    """Send the next batch of ``announcement_id``; returns how many emails went out.

    Queues the following batch when this one was full; marks the announcement sent when
    nobody is left.
    """
    from .tasks import send_announcement_batch

    announcement = Announcement.objects.select_related("dialogue").filter(pk=announcement_id).first()
    if announcement is None or announcement.status != Announcement.Status.SENDING:
        return 0
    batch_size = batch_size or app_settings.MAILINGS_BATCH_SIZE
    batch = list(recipients(announcement).order_by("pk")[:batch_size])
    sent = 0
    with one_batch():
        for member in batch:
            if deliver_once(
                member,
                KIND,
                str(announcement.pk),
                lambda member: compose(announcement, member),
                announcement=announcement,
            ):
                sent += 1
    if len(batch) < batch_size:
        Announcement.objects.filter(pk=announcement.pk, status=Announcement.Status.SENDING).update(
            status=Announcement.Status.SENT, finished_at=timezone.now()
        )
    else:
        send_announcement_batch.enqueue(announcement.pk)
    return sent


def stalled_announcements(now=None):
    """Announcements still sending whose last delivery (or start) is older than ``MAILINGS_STALLED_MINUTES``."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=app_settings.MAILINGS_STALLED_MINUTES)
    stalled = []
    sending = Announcement.objects.filter(status=Announcement.Status.SENDING).annotate(
        last_claim=Max("deliveries__claimed_at")
    )
    for announcement in sending:
        last = announcement.last_claim or announcement.send_started_at
        if last is None or last <= limit:
            stalled.append(announcement)
    return stalled


def send_test(announcement, user):
    """Send ``user`` the announcement once in each language it is written in (no delivery recorded)."""
    languages = announcement.own_languages or [settings.LANGUAGE_CODE]
    for language in languages:
        compose(announcement, user, language=language).send()
    return languages
