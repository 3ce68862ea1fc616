"""Receivers that apply a dialogue's moderation policy to new comments."""

from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd.models import TmpXtdComment, publish_or_unpublish_on_pre_save

from django.contrib import messages
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from .models import DialogueComment, DialoguePage


def apply_premoderation(sender, comment, request, **kwargs):
    """Hold the comment for approval when its dialogue is pre-moderated."""
    dialogue = comment.content_object.dialogue
    if isinstance(dialogue, DialoguePage) and dialogue.premoderate_comments:
        comment.is_public = False
    return True


def tell_the_author(sender, comment, request, **kwargs):
    """Say whether the comment is on the page or waiting for a moderator."""
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
