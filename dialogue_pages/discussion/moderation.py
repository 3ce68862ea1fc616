"""What moderators do to comments, and who they are.

Every decision goes through one of the functions here, so the comment's state and
the ``ModerationEvent`` that records who decided and when are always written
together, in one transaction.

Every change is saved through the model (``save(update_fields=…)``), so Django's and
Wagtail's ``pre_save``/``post_save`` receivers see it. A hidden comment keeps its place
in the thread with a notice and its replies keep their own state: django-comments-xtd's
receiver that would copy its visibility onto every reply is the one left disconnected
(see ``receivers``).
"""

import logging
import smtplib

from django_comments.models import CommentFlag
from django_comments_xtd import signed
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import LIKEDIT_FLAG
from django_comments_xtd.utils import send_mail as send_comment_mail

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from members.adapter import language_of

from ..models import CommentState, DialogueComment, ModerationEvent
from .changes import announce_change
from .roles import moderators
from .tasks import notify_thread_followers

logger = logging.getLogger(__name__)


Action = ModerationEvent.Action

# The decisions that settle a member's report: a report made before the latest of
# these has been looked at.
DECISIONS = [Action.APPROVED, Action.HIDDEN, Action.RESTORED]


class ModerationError(ValueError):
    """A moderation action that does not apply to the comment in its current state."""


def display_name(user):
    """The name members see for ``user`` (never their email address), or None once the account is gone."""
    return None if user is None else user.public_name


def count_of(related):
    """A correlated ``COUNT`` of ``related`` rows (already filtered on ``OuterRef``), 0 when none.

    A subquery per count rather than ``Count()`` over joins: several counts then
    never multiply each other, and the queryset needs no ``GROUP BY``.
    """
    counted = related.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_discussion_counts(comments):
    """Annotate each comment with its ``like_count`` and ``report_count`` (members' reports), in the same query."""
    flags = CommentFlag.objects.filter(comment_id=OuterRef("pk"))
    return comments.annotate(
        like_count=count_of(flags.filter(flag=LIKEDIT_FLAG)),
        report_count=count_of(flags.filter(flag=CommentFlag.SUGGEST_REMOVAL)),
    )


def _record(comment, actor, action, changes=None, reason="", check=None):
    """Apply ``changes`` to the comment and record ``action``, both or neither.

    ``check`` receives the comment as it is in the database (locked until the end
    of the transaction), so two moderators acting at once cannot both succeed on a
    state only one of them saw.
    """
    changes = changes or {}
    with transaction.atomic():
        current = DialogueComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        if check is not None:
            check(current)
        if changes:
            for field, value in changes.items():
                setattr(current, field, value)
            current.save(update_fields=list(changes))
        event = ModerationEvent.objects.create(comment_id=comment.pk, action=action, actor=actor, reason=reason)
        if changes:
            announce_change([comment.pk])
    for field, value in changes.items():
        setattr(comment, field, value)
    return event


def approve(comment, actor):
    """Publish a comment awaiting approval, or keep a published comment that members reported.

    Approving a reported comment settles its reports: it leaves the queue until
    someone reports it again. Followers of the thread hear about a newly published
    comment as they would have if it had not waited for approval.
    """
    was_pending = []

    def check(current):
        if current.is_removed:
            raise ModerationError(_("This comment has been removed; restore it instead of approving it."))
        was_pending.append(not current.is_public)

    event = _record(comment, actor, Action.APPROVED, {"is_public": True}, check=check)
    if was_pending[0]:
        transaction.on_commit(lambda: _notify_followers(comment))
    return event


def hide(comment, actor, reason):
    """Hide a comment from the discussion, saying why; its place in the thread shows a notice."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give a reason for hiding this comment; it has not been hidden."))

    def check(current):
        if current.deleted_by_author:
            raise ModerationError(_("Its author has already deleted this comment."))
        if current.is_removed:
            raise ModerationError(_("This comment is already hidden."))

    return _record(
        comment,
        actor,
        Action.HIDDEN,
        {"is_removed": True, "highlighted": False, "moderation_reason": reason},
        reason=reason,
        check=check,
    )


def restore(comment, actor):
    """Show a hidden comment again (published, whether or not it was approved before)."""

    def check(current):
        if current.deleted_by_author:
            raise ModerationError(_("Its author deleted this comment; only they could bring it back."))
        if not current.is_removed:
            raise ModerationError(_("This comment is not hidden."))

    return _record(
        comment,
        actor,
        Action.RESTORED,
        {"is_removed": False, "is_public": True, "moderation_reason": ""},
        check=check,
    )


def highlight(comment, actor):
    """Mark a published comment as a moderator's pick."""

    def check(current):
        if current.state != CommentState.PUBLISHED:
            raise ModerationError(_("Only published comments can be a moderator's pick."))
        if current.highlighted:
            raise ModerationError(_("This comment is already a moderator's pick."))

    return _record(comment, actor, Action.HIGHLIGHTED, {"highlighted": True}, check=check)


def unhighlight(comment, actor):
    """Take a comment off the moderator's picks."""

    def check(current):
        if not current.highlighted:
            raise ModerationError(_("This comment is not a moderator's pick."))

    return _record(comment, actor, Action.UNHIGHLIGHTED, {"highlighted": False}, check=check)


def _notify_followers(comment):
    """Queue the follow-up emails about ``comment`` (each follower's in their own language; the
    moderator's language only for followers without an account)."""
    notify_thread_followers.enqueue(comment.pk, translation.get_language() or settings.LANGUAGE_CODE)


def notify_followers(comment_id):
    """Email the followers of ``comment_id``'s thread about it, if it is still published.

    Each follower reads the email in their own language (their preferred language, see
    ``members.adapter.language_of``), not the poster's, with a link to the page in that
    language when it is translated, and django-comments-xtd's one-click mute link.
    Run in the posting request and by a background task after approval: by then the
    comment may have been hidden or deleted, and then nobody hears about it. Returns
    whether emails went out.
    """
    comment = DialogueComment.objects.filter(pk=comment_id, is_public=True, is_removed=False).first()
    if comment is None:
        return False
    follows = followers_of(comment)
    accounts = get_user_model().objects.in_bulk([follow.user_id for follow in follows if follow.user_id])
    try:
        for follow in follows:
            account = accounts.get(follow.user_id)
            with translation.override(language_of(account) if account else follow.language):
                _email_follower(comment, follow)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not tell the followers of thread %s about comment %s", comment.thread_id, comment.pk)
        raise
    return True


def followers_of(comment):
    """One earlier comment per address that asked for follow-up emails on ``comment``'s discussion
    (not the author's own): the comment the follower's mute link refers to."""
    follows = (
        DialogueComment.norel_objects.filter(
            content_type_id=comment.content_type_id, object_pk=comment.object_pk, is_public=True, followup=True
        )
        .exclude(user_email__in=["", comment.user_email])
        .order_by("user_email", "-pk")
    )
    by_address = {}
    for follow in follows:
        by_address.setdefault(follow.user_email.lower(), follow)
    return list(by_address.values())


def _email_follower(comment, follow):
    """One follow-up email, written in the active language, through django-comments-xtd's templates."""
    page = comment.content_object
    page = getattr(page, "localized", page)  # the follower's translation of the page, when it is live
    key = signed.dumps(follow, compress=True, extra_key=xtd_settings.COMMENTS_XTD_SALT).decode("utf-8")
    context = {
        # Their public name now, in their language ("Miembro 12"), not the one stored when they posted.
        "user_name": follow.user.public_name if follow.user_id and follow.user else follow.user_name,
        "comment": comment,
        "content_object": page,
        "mute_url": reverse("comments-xtd-mute", args=[key]),
        "site": comment.site,
    }
    text = loader.get_template("django_comments_xtd/email_followup_comment.txt").render(context)
    html = None
    if xtd_settings.COMMENTS_XTD_SEND_HTML_EMAIL:
        html = loader.get_template("django_comments_xtd/email_followup_comment.html").render(context)
    subject = _("New comment in “%(title)s”") % {"title": _one_line(getattr(page, "title", ""))}
    send_comment_mail(subject, text, xtd_settings.COMMENTS_XTD_FROM_EMAIL, [follow.user_email], html=html)


def _one_line(text):
    return " ".join(str(text).split())


def record_report(comment, flagged_by, reason=""):
    """Record that ``flagged_by`` reported ``comment`` (with their reason); the comment joins the queue.

    The moderators' emails are queued by the discussion's xtd moderator when the
    report view sends ``comment_was_flagged`` (see ``receivers.DialogueCommentModerator``),
    so a slow or failing mail server neither delays the member nor undoes the report.
    """
    return ModerationEvent.objects.create(
        comment=comment, action=Action.FLAGGED, actor=flagged_by, reason=(reason or "").strip()
    )


def email_moderators_about_report(event_id):
    """Email every active moderator about a member's report (ModerationEvent ``event_id``).

    Each moderator gets their own plain-text message (in their preferred language,
    see ``members.adapter.language_of``), so no one sees the others' addresses. Returns how many
    messages were sent; raises after trying everyone if the mail server refused any.
    """
    event = (
        ModerationEvent.objects.select_related("actor", "comment", "comment__user")
        .filter(pk=event_id, action=Action.FLAGGED)
        .first()
    )
    if event is None or event.comment is None:
        return 0
    comment, flagged_by, reason = event.comment, event.actor, event.reason
    week = comment.content_object
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    queue_url = site_url + reverse("dialogue_moderation:index") + "?tab=reported"
    report_count = CommentFlag.objects.filter(comment_id=comment.pk, flag=CommentFlag.SUGGEST_REMOVAL).count()
    reporter_name = display_name(flagged_by)
    author_name = display_name(comment.user)
    sent, failed = 0, None
    for moderator in moderators().exclude(email=""):
        with translation.override(language_of(moderator)):
            subject = _("Comment reported in “%(page)s”") % {"page": _one_line(getattr(week, "title", ""))}
            lines = [
                _("%(member)s reported a comment by %(author)s.")
                % {"member": reporter_name or _("A former member"), "author": author_name or _("a former member")},
                _("Reports on this comment so far: %(count)s") % {"count": report_count},
                "",
                _("Reason given: %(reason)s") % {"reason": reason} if reason else _("No reason given."),
                "",
                _("The comment:"),
                comment.comment,
                "",
            ]
            if week is not None:
                # The comment's own link, under the moderator's language: it lands on the page holding it.
                comment_url = f"{site_url}{reverse('discussion-comment', args=[comment.pk])}#c{comment.pk}"
                lines.append(_("Read it in its discussion: %(url)s") % {"url": comment_url})
            lines.append(_("Approve or hide it in the moderation queue: %(url)s") % {"url": queue_url})
            body = "\n".join(lines) + "\n"
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [moderator.email])
            sent += 1
        except (smtplib.SMTPException, OSError) as error:
            logger.exception("Could not email moderator %s about reported comment %s", moderator.pk, comment.pk)
            failed = error
    if failed is not None:
        raise failed
    return sent
