"""The rules of the discussion: who may post where and when.

Decided here, once, for the form view and for any other way in (there is no
comments REST API: it is deliberately not routed). Webinar questions ask the same
``member_refusal``.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..conf import app_settings
from ..models import DialogueComment, DialogueStatus


def is_confirmed_member(user):
    """A logged-in, active account whose email address is confirmed."""
    from members.permissions import is_confirmed_member as check

    return check(user)


@dataclass(frozen=True)
class Refusal:
    """Why a member cannot post now, and where to send them."""

    message: str
    login_required: bool = False


def week_refusal(week, now=None):
    """Why nobody can post on ``week`` now (not open yet, closed, dialogue closed), or None."""
    now = now or timezone.now()
    if getattr(week.dialogue, "status", None) == DialogueStatus.CLOSED:
        return Refusal(_("This dialogue has closed; its discussion is kept here to read."))
    if now < week.opens_at:
        return Refusal(
            _("This week's discussion opens on %(date)s (UTC).")
            % {"date": date_format(week.opens_at, "DATETIME_FORMAT")}
        )
    if now >= week.closes_at:
        return Refusal(_("This week's discussion has closed; you can still read it."))
    return None


def member_refusal(user):
    """Why ``user`` cannot act as a member (not logged in, email not confirmed), or None."""
    if not user.is_authenticated:
        return Refusal(_("Log in or register as a member to take part in the discussion."), login_required=True)
    if not is_confirmed_member(user):
        return Refusal(_("Please confirm your email address first: we sent you a link when you registered."))
    return None


def posting_refusal(user, week, now=None):
    """Why ``user`` may not post on ``week`` now, or None when they may."""
    refusal = week_refusal(week, now) or member_refusal(user)
    if refusal:
        return refusal
    window_start = (now or timezone.now()) - timedelta(seconds=app_settings.DISCUSSION_RATE_WINDOW)
    recent = DialogueComment.objects.filter(user=user, submit_date__gte=window_start).count()
    if recent >= app_settings.DISCUSSION_RATE_LIMIT:
        return Refusal(
            _("You have posted %(count)s comments in the last %(minutes)s minutes. Please wait a little.")
            % {"count": recent, "minutes": app_settings.DISCUSSION_RATE_WINDOW // 60}
        )
    return None
