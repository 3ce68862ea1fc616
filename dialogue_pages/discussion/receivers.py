"""How the discussion extends django-comments-xtd, connected once from ``DialoguePagesConfig.ready()``.

django-comments-xtd does the posting: its own ``comment_was_posted`` receiver saves the
comment and emails the thread's followers (queued by ``cms.mail.TaskEmailBackend`` in
production, so no request waits for the mail server). This project adds, through
xtd's extension points:

- ``DialogueCommentModerator``, registered with xtd's ``moderator`` for the week pages
  comments attach to: it holds comments for approval in a pre-moderated dialogue and
  tells the moderators about members' reports (``comment_was_flagged``);
- ``tell_the_author``, a second ``comment_was_posted`` receiver: the member's message
  and the ``comments_changed`` signal for search and caches;
- ``tell_followers_in_their_language``, on xtd's ``confirmation_received`` (sent once the
  comment is saved, before xtd would email the followers): each follower gets the
  email in their own language from ``moderation.notify_followers``, where xtd would
  write to all of them in the poster's;
- ``anonymise_comments_of_deleted_account``, listening to ``members.signals.account_deleting``:
  a deleted member's comments stay, shown as a former member's;
- ``threads.forget_discussion_summaries``, on ``comments_changed`` (and
  ``forget_discussion_summary`` on a comment's own save or delete): a discussion's kept
  thread ids and count are read again after any change to its comments.

One receiver of xtd is disconnected, by design: ``publish_or_unpublish_on_pre_save``
copies a comment's visibility onto every reply below it. Here a comment hidden by a
moderator keeps its place in the thread with a notice and its replies keep their own
state (restoring it must not publish replies that still await approval).
"""

import contextlib

from django_comments.moderation import AlreadyModerated
from django_comments.signals import comment_was_posted
from django_comments_xtd.models import TmpXtdComment, publish_or_unpublish_on_pre_save
from django_comments_xtd.moderation import XtdCommentModerator, moderator
from django_comments_xtd.signals import confirmation_received

from django.contrib import messages
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext as _

from members.signals import account_deleting

from ..models import DialogueComment, ModerationEvent, WeeklyQuestionPage
from ..signals import comments_changed
from .changes import announce_change
from .moderation import notify_followers
from .tasks import email_moderators_about_report
from .threads import forget_discussion_summaries, forget_discussion_summary


class DialogueCommentModerator(XtdCommentModerator):
    """django-comments-xtd's moderation policy for comments on a week's questions."""

    email_notification = False  # moderators work from the queue; reports are emailed (below)
    removal_suggestion_notification = True

    def moderate(self, comment, content_object, request):
        """Hold the comment for approval when its dialogue is pre-moderated."""
        dialogue = getattr(content_object, "dialogue", None)
        return bool(getattr(dialogue, "premoderate_comments", False))

    def notify_removal_suggestion(self, comment, content_object, request):
        """Queue an email to every moderator about the member's report (recorded by the report view)."""
        report = (
            ModerationEvent.objects.filter(comment=comment, action=ModerationEvent.Action.FLAGGED, actor=request.user)
            .order_by("-created_at", "-pk")
            .first()
        )
        if report is not None:
            email_moderators_about_report.enqueue(report.pk)


def tell_followers_in_their_language(sender, comment, request, **kwargs):
    """Email the thread's followers about a newly posted public comment, each in their own language.

    ``comment`` is xtd's unsaved ``TmpXtdComment``; the saved comment is its ``xtd_comment``.
    Right after this signal xtd emails the followers itself when ``comment.is_public``, all in
    the poster's language: we send instead, and clear that flag on the temporary copy so xtd
    does not send twice (the saved comment stays public; ``tell_the_author`` reads the saved one).
    """
    posted = getattr(comment, "xtd_comment", None)
    if posted is None or not posted.is_public:
        return
    comment.is_public = False
    notify_followers(posted.pk)


def tell_the_author(sender, comment, request, **kwargs):
    """Say whether the comment is on the page or waiting for a moderator."""
    posted = getattr(comment, "xtd_comment", None)  # the saved comment django-comments-xtd made
    if posted is not None:
        announce_change([posted.pk])
    if (posted or comment).is_public:
        messages.success(request, _("Thank you. Your comment has been posted."))
    else:
        messages.info(request, _("Thank you. Your comment will appear once a moderator has approved it."))


def anonymise_comments_of_deleted_account(sender, user, **kwargs):
    """Keep a deleting member's comments (replies keep their context) but strip everything that
    identified the author, so they show as written by a former member."""
    comments = DialogueComment.objects.filter(user=user)
    announce_change(comments.values_list("pk", flat=True))
    comments.update(user=None, user_name="", user_email="", user_url="")


def connect():
    """Register the moderator and connect the receivers above (from ``DialoguePagesConfig.ready()``)."""
    # Importing xtd's views connects its own posting receivers (on_comment_will_be_posted,
    # on_comment_was_posted), which ours follow.
    from django_comments_xtd import views  # noqa: F401

    with contextlib.suppress(AlreadyModerated):  # ready() may run twice (e.g. a test re-importing)
        moderator.register(WeeklyQuestionPage, DialogueCommentModerator)
    pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=DialogueComment)
    confirmation_received.connect(
        tell_followers_in_their_language, sender=TmpXtdComment, dispatch_uid="dialogue_tell_followers"
    )
    comment_was_posted.connect(tell_the_author, sender=TmpXtdComment, dispatch_uid="dialogue_tell_author")
    account_deleting.connect(anonymise_comments_of_deleted_account, dispatch_uid="dialogue_anonymise_comments")
    comments_changed.connect(forget_discussion_summaries, dispatch_uid="dialogue_discussion_summaries")
    post_save.connect(forget_discussion_summary, sender=DialogueComment, dispatch_uid="dialogue_comment_saved")
    post_delete.connect(forget_discussion_summary, sender=DialogueComment, dispatch_uid="dialogue_comment_deleted")
