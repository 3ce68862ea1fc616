"""Receivers that apply a dialogue's moderation policy to new comments."""

from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd.models import TmpXtdComment, publish_or_unpublish_on_pre_save

from django.contrib import messages
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .models import DialogueComment, DialoguePage

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
        transaction.on_commit(lambda: comments_changed.send(sender=DialogueComment, comment_ids=comment_ids))


def apply_premoderation(sender, comment, request, **kwargs):
    """Hold the comment for approval when its dialogue is pre-moderated."""
    dialogue = comment.content_object.dialogue
    if isinstance(dialogue, DialoguePage) and dialogue.premoderate_comments:
        comment.is_public = False
    return True


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
    comment_will_be_posted.connect(apply_premoderation, sender=TmpXtdComment, dispatch_uid="dialogue_premoderation")
    comment_was_posted.connect(tell_the_author, sender=TmpXtdComment, dispatch_uid="dialogue_tell_author")
