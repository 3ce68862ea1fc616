"""Receivers that apply a dialogue's moderation policy to new comments."""

from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd import views as xtd_views
from django_comments_xtd.models import TmpXtdComment, publish_or_unpublish_on_pre_save
from django_comments_xtd.signals import confirmation_received

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import Signal
from django.utils import translation
from django.utils.translation import gettext as _

from .models import DialogueComment, DialoguePage
from .tasks import notify_thread_followers

comments_changed = Signal()
"""Sent with ``sender=DialogueComment`` and ``comment_ids`` (a list of primary keys)
once the transaction that posted, moderated, edited, deleted or anonymised those
comments has committed. Search indexing and page caches listen to this one signal
rather than to each place that changes a comment (moderation writes with
``QuerySet.update()``, which sends no ``post_save``)."""


page_content_changed = Signal()
"""Sent with ``page`` (a live page) when something shown on it changes outside a page
revision: e.g. a moderator marks a webinar's audience question as answered. Caches of
that page listen to it, as they listen to Wagtail's ``page_published``."""


def announce_change(comment_ids):
    """Send ``comments_changed`` for ``comment_ids`` when the current transaction commits."""
    comment_ids = [int(pk) for pk in comment_ids]
    if comment_ids:
        # robust: a listener that fails (a cache or search index unreachable) is logged and
        # never turns a saved change into an error page for the member.
        transaction.on_commit(
            lambda: comments_changed.send(sender=DialogueComment, comment_ids=comment_ids), robust=True
        )


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
    background task (``dialogue_pages.tasks``). Only logged-in members reach here
    (see ``discussion.posting_refusal``), so there is no email confirmation step.
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


def connect():
    # django-comments-xtd unpublishes every reply when a comment is hidden; a hidden
    # comment here keeps its place and its replies ("removed by a moderator").
    pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=DialogueComment)
    # Replace django-comments-xtd's receiver (it sends the follow-up emails in the request).
    comment_was_posted.disconnect(xtd_views.on_comment_was_posted, sender=TmpXtdComment)
    comment_was_posted.connect(save_posted_comment, sender=TmpXtdComment, dispatch_uid="dialogue_save_comment")
    comment_will_be_posted.connect(apply_premoderation, sender=TmpXtdComment, dispatch_uid="dialogue_premoderation")
    comment_was_posted.connect(tell_the_author, sender=TmpXtdComment, dispatch_uid="dialogue_tell_author")
