"""Telling the rest of the site that comments changed (search indexes, page caches)."""

from django.db import transaction

from ..models import DialogueComment
from ..signals import comments_changed


def announce_change(comment_ids):
    """Send ``comments_changed`` for ``comment_ids`` when the current transaction commits."""
    comment_ids = [int(pk) for pk in comment_ids]
    if comment_ids:
        # robust: a listener that fails (a cache or search index unreachable) is logged and
        # never turns a saved change into an error page for the member.
        transaction.on_commit(
            lambda: comments_changed.send(sender=DialogueComment, comment_ids=comment_ids), robust=True
        )
