"""Email sent from a background task, so no request waits for the mail server.

``TaskEmailBackend`` is the ``EMAIL_BACKEND`` of production: every message any app
sends (allauth's confirmations, django-comments-xtd's follow-up emails, the
moderators' reports) is queued as a django-tasks task, stored in the same transaction
as the change that caused it, and handed by the worker to ``EMAIL_DELIVERY_BACKEND``
(SMTP). Libraries keep calling Django's ``send_mail`` as they always do.
"""

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend


def _as_data(message):
    """What a task argument may hold (JSON): the message's parts as plain strings, not the object."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [[str(content), str(mimetype)] for content, mimetype in getattr(message, "alternatives", [])],
    }


@task()
def deliver_email(data):
    """Send one queued message through ``EMAIL_DELIVERY_BACKEND``."""
    alternatives = data.pop("alternatives", [])
    message = EmailMultiAlternatives(**data) if alternatives else EmailMessage(**data)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return connection.send_messages([message])


class TaskEmailBackend(BaseEmailBackend):
    """Queues each message for ``deliver_email``; messages with attachments are sent at once."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if message.attachments:
                # Attachments are not JSON; they are rare here (none of our emails has one).
                queued += get_connection(settings.EMAIL_DELIVERY_BACKEND).send_messages([message]) or 0
                continue
            deliver_email.enqueue(_as_data(message))
            queued += 1
        return queued
