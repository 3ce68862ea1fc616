"""Signed unsubscribe tokens: who and which kind of email, readable without signing in.

A token is ``[user id, kind]`` signed with the site's ``SECRET_KEY`` (and a salt of its own), so
nobody can make one for another member or another kind. It does not expire: an unsubscribe link
in an old email must still work (RFC 8058 asks the link to keep working).
"""

from django.contrib.auth import get_user_model
from django.core import signing

from .models import EmailKind

SALT = "mailings.unsubscribe"


class InvalidToken(Exception):
    """The link was altered, truncated, or its account no longer exists."""


def unsubscribe_token(member, kind):
    return signing.dumps([member.pk, EmailKind(kind).value], salt=SALT)


def read_unsubscribe_token(token):
    """``(member, kind)`` named by ``token``; raises ``InvalidToken`` for anything else."""
    try:
        user_id, kind = signing.loads(token, salt=SALT)
        kind = EmailKind(kind)
        member = get_user_model().objects.get(pk=int(user_id), is_active=True)
    except (signing.BadSignature, ValueError, TypeError, get_user_model().DoesNotExist) as error:
        raise InvalidToken from error
    return member, kind
