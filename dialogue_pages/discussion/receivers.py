"""Receivers of the discussion: apply a dialogue's moderation policy to new comments, save them,
tell their author, and anonymise the comments of a member who deletes their account.

``connect()`` is called once, from ``DialoguePagesConfig.ready()``.
"""

from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd import views as xtd_views
from django_comments_xtd.models import TmpXtdComment, publish_or_unpublish_on_pre_save
from django_comments_xtd.signals import confirmation_received

from django.conf import settings
from django.contrib import messages
from django.db.models.signals import pre_save
from django.utils import translation
from django.utils.translation import gettext as _

from members.signals import account_deleting

from ..models import DialogueComment, DialoguePage
from .changes import announce_change
from .tasks import notify_thread_followers


def apply_premoderation(sender, comment, request, **kwargs):
    """Hold the comment for approval when its dialogue is pre-moderated."""
    dialogue = comment.content_object.dialogue
    if isinstance(dialogue, DialoguePage) and dialogue.premoderate_comments:
        comment.is_public = False
    return True


def save_posted_comment(sender, comment, request, **kwargs):
    """Save the posted comment as django-comments-xtd would, and queue its follow-up emails.

    django-comments-xtd's own receiver emails every follower of the thread inside
    the member's request; this one does the same work but hands the emails to a
    background task (``dialogue_pages.discussion.tasks``). Only logged-in members reach here
    (see ``discussion.rules.posting_refusal``), so there is no email confirmation step.
    """
    existing = DialogueComment.objects.filter(
        user_name=comment.user_name,
        user_email=comment.user_email,
        followup=comment.followup,
        submit_date=comment.submit_date,
    ).first()
    if existing is not None:  # the same form posted twice
        return
    posted = DialogueComment(**comment)
    posted.save()
    comment.xtd_comment = posted
    confirmation_received.send(sender=TmpXtdComment, comment=comment, request=request)
    if comment.is_public:
        notify_thread_followers.enqueue(posted.pk, translation.get_language() or settings.LANGUAGE_CODE)


def tell_the_author(sender, comment, request, **kwargs):
    """Say whether the comment is on the page or waiting for a moderator."""
    posted = getattr(comment, "xtd_comment", None)  # the saved comment django-comments-xtd made
    if posted is not None:
        announce_change([posted.pk])
    if comment.is_public:
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
    """Connect the receivers above (from ``DialoguePagesConfig.ready()``), replacing django-comments-xtd's own."""
    # django-comments-xtd unpublishes every reply when a comment is hidden; a hidden
    # comment here keeps its place and its replies ("removed by a moderator").
    pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=DialogueComment)
    # Replace django-comments-xtd's receiver (it sends the follow-up emails in the request).
    comment_was_posted.disconnect(xtd_views.on_comment_was_posted, sender=TmpXtdComment)
    comment_was_posted.connect(save_posted_comment, sender=TmpXtdComment, dispatch_uid="dialogue_save_comment")
    comment_will_be_posted.connect(apply_premoderation, sender=TmpXtdComment, dispatch_uid="dialogue_premoderation")
    comment_was_posted.connect(tell_the_author, sender=TmpXtdComment, dispatch_uid="dialogue_tell_author")
    account_deleting.connect(anonymise_comments_of_deleted_account, dispatch_uid="dialogue_anonymise_comments")
