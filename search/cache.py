"""Search answers kept for anonymous readers until the searchable content changes.

On a webinar day many readers run the same few searches. Their whole search page (or, when
it cannot be kept, e.g. it set a cookie, its answer: the total, the facet counts, the page
of results shown) and the header's autocomplete suggestions are cached, keyed by the
address (query, filters, page, language), the host and the **content version**: one
value in the cache, replaced whenever anything a search can find may have changed, so
that a published page or a newly visible comment is never hidden behind a cached answer. The version changes when

* the search index receives or loses an object (``ContentVersionIndexMixin`` on every
  engine's index: a page saved or deleted, a comment posted, approved, hidden or edited,
  each re-indexed by ``search.tasks``), *after* the index holds it;
* a page is published, unpublished, moved, saved or deleted, a privacy restriction or a
  promoted result is added or removed (``search.signals``), and a source's own change
  signal is sent (``comments_changed``): at once, and again when the transaction commits.

A cached page is not a stale one for longer than ``SEARCH_CACHE_SECONDS`` in what no
version tracks (e.g. a footer setting), as with the anonymous page cache.

Entries are never deleted: an answer cached under an old version is simply not asked for
again, and expires after ``SEARCH_CACHE_SECONDS``. Logged-in users always get a fresh answer.
"""

import hashlib
import json
import uuid
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction

VERSION_KEY = "search:version"


def cache_seconds():
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", 300))


def content_version():
    """The current content version (created when the cache has none, or evicted it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)  # add: a concurrent request's value wins
        version = cache.get(VERSION_KEY)
    return version


def bump_version():
    """Retire every cached answer: the searchable content may have changed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def content_changed(*args, **kwargs):
    """Bump the version now, and again when the current transaction commits.

    Now, so that this process never serves what it just changed; on commit, in case
    another request cached an answer from the data as it was before the commit.
    """
    bump_version()
    if connection.in_atomic_block:
        transaction.on_commit(bump_version)


def may_cache(request):
    return request.method == "GET" and not request.user.is_authenticated and cache_seconds() > 0


def may_cache_page(request):
    """Whether the whole search page may be served from, or kept in, the cache: no message waits."""
    return may_cache(request) and not len(messages.get_messages(request))


def key_for(kind, request, *parts):
    """A cache key for ``parts`` of a ``kind`` of answer, under the current content version and host."""
    material = json.dumps([content_version(), request.get_host(), *parts], default=str, sort_keys=True)
    return f"search:{kind}:" + hashlib.sha256(material.encode()).hexdigest()


class CachedResults:
    """The ranked results of a cached answer as the paginator sees them: their count and the one page kept."""

    def __init__(self, count, start, hits):
        self.count, self.start, self.hits = count, start, hits

    def __len__(self):
        return self.count

    def __getitem__(self, item):
        start, stop, _step = item.indices(self.count)
        if start != self.start:  # never happens: the key holds the page number
            raise LookupError("This cached answer holds another page of results.")
        return self.hits[: stop - start]


def lean(hit):
    """``hit`` as it is kept: its texts rendered in the reader's language (the key holds it), its object
    reduced to a bare instance of the same model and primary key."""
    obj = hit.obj
    if obj is not None and obj.pk is not None:
        obj = type(obj)(pk=obj.pk)
    return replace(
        hit, obj=obj, title=str(hit.title), type_label=str(hit.type_label), dialogue_label=str(hit.dialogue_label)
    )


class ContentVersionIndexMixin:
    """For a search backend's index: retire the cached answers once the index gained or lost objects.

    A page or comment is indexed by a background task, after the change that bumped the
    version: an answer cached in between (without it) is retired here.
    """

    def add_item(self, item):
        super().add_item(item)
        bump_version()

    def add_items(self, model, items):
        super().add_items(model, items)
        bump_version()

    def delete_item(self, item):
        super().delete_item(item)
        bump_version()
