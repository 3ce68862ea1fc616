"""The signals of Virtual Dialogues. This module only defines them.

Their senders and receivers live beside the code they serve: the discussion's receivers
in ``discussion/receivers.py`` (connected in ``DialoguePagesConfig.ready()``),
``announce_change`` in ``discussion/changes.py``, the page caches in ``cms/page_cache.py``
and search indexing through ``DialogueComment.search_changed_signal``.
"""

from django.dispatch import Signal

comments_changed = Signal()
"""Sent with ``sender=DialogueComment`` and ``comment_ids`` (a list of primary keys)
once the transaction that posted, moderated, edited, deleted or anonymised those
comments has committed. Search indexing and page caches listen to this one signal
rather than to each place that changes a comment: one signal per change, sent after
the commit, also for changes that touch many comments at once (an account's
anonymisation) or only their flags (likes), where no ``post_save`` is sent."""


page_content_changed = Signal()
"""Sent with ``page`` (a live page) when something shown on it changes outside a page
revision: e.g. a moderator marks a webinar's audience question as answered. Caches of
that page listen to it, as they listen to Wagtail's ``page_published``."""
