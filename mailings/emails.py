"""Writing one email to one member, in their language, and sending it at most once.

Every email of this app is plain text, written in the recipient's language (their preferred
language, ``members.adapter.language_of``) with every link under that language's prefix, and
carries a one-click unsubscribe link for its kind, in its body and in the ``List-Unsubscribe``
and ``List-Unsubscribe-Post`` headers (RFC 8058), so mail programs offer their own button.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale

from localized_pages.listings import show_in_language
from members.adapter import SITE_NAME, language_of

from .models import Delivery, EmailKind
from .recipients import wants
from .tokens import unsubscribe_token


def site_url():
    """The site's public address (scheme and host), as every email link starts."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path):
    return f"{site_url()}{path}"


@contextmanager
def speaking_to(member):
    """Write to ``member`` in their language: inside, gettext and ``reverse`` use it."""
    language = language_of(member)
    with translation.override(language):
        yield language


_batch_pages = ContextVar("mailings_batch_pages", default=None)


@contextmanager
def one_batch():
    """Inside, ``page_for_reader`` finds each page once per language: a batch's members share its links."""
    token = _batch_pages.set({})
    try:
        yield
    finally:
        _batch_pages.reset(token)


def page_for_reader(page):
    """``page`` as a reader of the active language finds it: its live translation, else the page
    itself under the reader's language prefix (``LocalizedPage`` serves it there)."""
    remembered = _batch_pages.get()
    key = (page.pk, translation.get_language())
    if remembered is not None and key in remembered:
        return remembered[key]
    locale = Locale.get_active()
    translated = page.get_translation_or_none(locale)
    if translated is not None and translated.live and not translated.alias_of_id:
        shown = translated.specific
    else:
        shown = show_in_language([page.specific], locale)[0]
    if remembered is not None:
        remembered[key] = shown
    return shown


def page_url(page):
    """The absolute address of ``page`` for the active language's reader."""
    return page_for_reader(page).get_full_url()


def member_email(member, kind, subject, template, context, attachments=()):
    """The email of ``kind`` to ``member``, rendered from ``mailings/email/<template>.txt``.

    Call it inside ``speaking_to(member)``: the text, the subject and the links are in the
    active language. ``attachments`` are ``(filename, content, mimetype)`` triples.
    """
    kind = EmailKind(kind)
    unsubscribe_url = absolute(reverse("mailings:unsubscribe", args=[unsubscribe_token(member, kind)]))
    context = {
        **context,
        "member_name": member.public_name,
        "site_name": SITE_NAME,
        "kind_label": kind.label,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute(reverse("mailings:preferences")),
    }
    body = render_to_string(f"mailings/email/{template}.txt", context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": translation.get_language(),
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMessage(
        " ".join(str(subject).split()), body, settings.DEFAULT_FROM_EMAIL, [member.email], headers=headers
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def deliver_once(member, kind, key, compose, announcement=None):
    """Send ``compose(member)`` to ``member`` unless an email of ``kind`` about ``key`` was already claimed.

    The delivery row is inserted first (the claim), then the email is handed to the email
    backend, then the row is marked sent. When composing or sending raises, the claim is
    withdrawn (the email did not go) and the error goes up, so the task fails and can be run
    again; when ``compose`` returns None (nothing to say) the claim is withdrawn too. Returns
    whether an email was sent.
    """
    if not wants(member, kind):
        return False  # they turned this kind off since the batch was chosen: their choice counts at once
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(kind=kind, key=key, user=member, announcement=announcement)
    except IntegrityError:
        return False  # claimed before: by an earlier run, or by another worker right now
    try:
        message = compose(member)
        if message is not None:
            message.send()
    except BaseException:
        delivery.delete()
        raise
    if message is None:
        delivery.delete()
        return False
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    return True
