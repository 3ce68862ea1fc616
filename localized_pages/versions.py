"""One version for the whole page tree, and answers kept until it changes.

What a page lists (menus, a dialogue's weeks and webinars, breadcrumbs, a page's
translations) and where an address leads only change when a page is published,
unpublished, moved or deleted, or a view restriction or a site changes. Each of those
events gives the tree a new version (``connect()``, from the app's ``ready``); answers
are kept under the version they were computed in (``cached_per_version``), so none is
ever purged by hand and none outlives a change. The anonymous page cache
(``cms/page_cache.py``) keys whole pages on the same version.

Nothing here holds what changes without a publication: comments, likes, a webinar's
status (computed from the time at render). Keep those out of ``cached_per_version``.
"""

import contextlib
import hashlib
import pickle
import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.models import PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "pagecache:version:site"
SECONDS = 24 * 60 * 60  # answers of an old version are never read again: let them expire


def _new_version():
    return uuid.uuid4().hex


def read_version(key):
    """The version stored under ``key``, created if the cache has none (or evicted it)."""
    version = cache.get(key)
    if version is None:
        cache.add(key, _new_version(), timeout=None)  # add: a concurrent request's value wins
        version = cache.get(key)
    return version


def current_version():
    """The tree's version."""
    return read_version(VERSION_KEY)


def request_version(request):
    """The tree's version, read once per request (every answer of one request agrees)."""
    version = getattr(request, "_pages_version", None)
    if version is None:
        version = request._pages_version = current_version()
    return version


def bump():
    """A new version: every answer kept so far is forgotten."""
    cache.set(VERSION_KEY, _new_version(), timeout=None)


def now_and_on_commit(change, *args):
    """Call ``change`` at once and again when the transaction commits.

    At once, so this process never serves what it just changed; again after the commit,
    in case another process kept the old answer before the change was visible.
    """
    change(*args)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: change(*args))


# Answers are kept in the shared cache and, pickled, in this process's memory: a key holds
# the version it was computed in, so an entry never changes and a process may keep its own
# copy (the database cache of the production settings would otherwise cost a query per
# answer). Each read unpickles a fresh copy: requests never share a page instance.
_in_process = OrderedDict()
_in_process_lock = threading.Lock()
IN_PROCESS_ENTRIES = 500  # a few MB per process: pages, listings


def kept(key):
    """The answer kept under ``key`` (a key that names the version), or None."""
    with _in_process_lock:
        data = _in_process.get(key)
        if data is not None:
            _in_process.move_to_end(key)
    if data is None:
        data = cache.get(key)
        if data is None:
            return None
        _remember(key, data)
    return pickle.loads(data)  # noqa: S301  (our own bytes: what every Django cache backend unpickles too)


def keep(key, answer):
    """Keep ``answer`` under ``key``; raises ``pickle.PicklingError`` (or TypeError) if it cannot be."""
    data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    cache.set(key, data, SECONDS)
    _remember(key, data)


def _remember(key, data):
    with _in_process_lock:
        _in_process[key] = data
        _in_process.move_to_end(key)
        while len(_in_process) > IN_PROCESS_ENTRIES:
            _in_process.popitem(last=False)


def forget_in_process():
    """Empty this process's copies (tests: the shared cache is cleared between them)."""
    with _in_process_lock:
        _in_process.clear()


def cached_per_version(request, name, compute):
    """``compute()``, kept under ``name`` until the tree's version changes.

    ``name`` must say everything the answer depends on besides the tree (the page, the
    language, the host). Without a request, computed each time.
    """
    if request is None:
        return compute()
    key = f"pages:{request_version(request)}:{hashlib.sha256(name.encode()).hexdigest()}"
    found = kept(key)
    if found is None:
        found = compute()
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
            keep(key, found)  # an answer that cannot be pickled is computed again next time
    return found


def tree_changed(sender, **kwargs):
    """A receiver: connect it to the signals of anything else pages show (a snippet they list)."""
    now_and_on_commit(bump)


def connect():
    """Give the tree a new version whenever a page, a view restriction or a site changes."""
    page_published.connect(tree_changed, dispatch_uid="pages_version_published")
    page_unpublished.connect(tree_changed, dispatch_uid="pages_version_unpublished")
    post_page_move.connect(tree_changed, dispatch_uid="pages_version_moved")
    for model in get_page_models():
        post_delete.connect(tree_changed, sender=model, dispatch_uid=f"pages_version_deleted_{model._meta.label}")
    for model in (PageViewRestriction, Site):
        post_save.connect(tree_changed, sender=model, dispatch_uid=f"pages_version_saved_{model._meta.label}")
        post_delete.connect(tree_changed, sender=model, dispatch_uid=f"pages_version_deleted_{model._meta.label}")
    m2m_changed.connect(
        tree_changed, sender=PageViewRestriction.groups.through, dispatch_uid="pages_version_restriction_groups"
    )


def remember_site(request):
    """Set the request's site (``Site.find_for_request``) from the answer kept for this version of
    the tree: a view that makes links (``Page.get_url``) without being a page's (the search) then
    needs no query to find it. A GET view only: the site is read before the view asks."""
    if hasattr(request, "_wagtail_site"):
        return
    name = f"{request.get_host()}|{request.get_port()}"
    key = f"site:{request_version(request)}:{hashlib.sha256(name.encode()).hexdigest()}"
    found = kept(key)
    if found is not None:
        request._wagtail_site = found[0]
        return
    site = Site.find_for_request(request)
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        keep(key, (site,))
