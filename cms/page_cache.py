"""Whole pages cached for anonymous visitors, purged by whatever changes them.

On a webinar day thousands of visitors read the same few pages while members post.
Visitors who are not logged in get the page as it was rendered for the last such
visitor, for at most ``PAGE_CACHE_SECONDS`` (or what the page's own
``anonymous_cache_seconds(request)`` says, for pages that change at a given time);
members always get a fresh page.

How it fits together:

- ``FetchPageCacheMiddleware`` (last in ``MIDDLEWARE``, so it knows the user and
  the messages) answers a GET from an anonymous visitor with no pending message
  from the cache, before any page is routed: a hit costs two cache reads and no
  database query.
- The ``before_serve_page`` hook (``cms/wagtail_hooks.py``) calls ``prepare_to_cache``
  on a miss: it reads the page's *versions* before the page renders and asks the
  page how long it may be kept.
- ``UpdatePageCacheMiddleware`` (near the top, outside the session, CSRF and messages
  middleware) stores the response, unless it sets any cookie (a CSRF token, a
  session, a consumed message) or is not a plain 200.

Purging never deletes entries: each entry records the versions it was rendered
under, a site-wide one and one per page, and is ignored once either has changed.
Publishing, unpublishing, moving or deleting any page, or changing a view restriction
or a site, changes the site-wide version (menus, listings and the home page show other
pages; it is the page tree's version, ``localized_pages/versions.py``); a comment, a like or
another change on one page (``page_content_changed``) changes the versions of that
page, its translations (they share one thread) and their ancestors. Because the
versions are read before rendering, a page rendered while a comment was being
posted is stored under the old version and never served.
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpResponse

from wagtail.models import Page

from localized_pages import versions

SITE_VERSION_KEY = versions.VERSION_KEY  # the page tree's version
KEPT_HEADERS = ("Content-Type", "Content-Language")
HEADER = "X-Page-Cache"


def _page_version_key(page_id):
    return f"pagecache:version:page:{page_id}"


def _entry_key(request):
    url = request.build_absolute_uri()
    return "pagecache:entry:" + hashlib.sha256(url.encode()).hexdigest()


def _new_version():
    return uuid.uuid4().hex


# Who may be served from the cache


def _has_pending_messages(request):
    """Whether a message waits to be shown (django.contrib.messages' cookie or session storage)."""
    if request.COOKIES.get(CookieStorage.cookie_name):
        return True
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return bool(request.session.get(SessionStorage.session_key))
    return False


def may_use_cache(request):
    """Whether this request may be answered from, or stored in, the page cache."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method == "GET"
        and not request.user.is_authenticated
        and not _has_pending_messages(request)
    )


def page_cache_seconds(page, request):
    """How long ``page`` may be kept for anonymous visitors: its own answer, else the default."""
    ask_page = getattr(page, "anonymous_cache_seconds", None)
    if callable(ask_page):
        return max(0, int(ask_page(request)))
    return settings.PAGE_CACHE_SECONDS


# Versions


def _current_versions(page_id):
    """``(site version, page version)``, creating either if the cache has none (or evicted it)."""
    keys = [SITE_VERSION_KEY, _page_version_key(page_id)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _new_version(), timeout=None)  # add: a concurrent request's value wins
        found = cache.get_many(keys)
    return tuple(found.get(key) for key in keys)


def purge_site():
    """Forget every cached page (the page tree's version changes: ``localized_pages/versions.py``)."""
    versions.bump()


def purge_pages(page_ids):
    """Forget the cached copies of the pages ``page_ids``."""
    if page_ids:
        cache.set_many({_page_version_key(page_id): _new_version() for page_id in page_ids}, timeout=None)


def purge_pages_and_their_family(page_ids):
    """Forget ``page_ids``, their translations, their ancestors and their ancestors' translations."""
    paths = Page.objects.filter(pk__in=list(page_ids)).values_list("path", flat=True)
    steplen = Page.steplen
    lineage = {path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)}
    if not lineage:
        return
    keys = Page.objects.filter(path__in=lineage).values("translation_key")
    purge_pages(list(Page.objects.filter(translation_key__in=keys).values_list("pk", flat=True)))


# The middleware and the hook


class FetchPageCacheMiddleware:
    """Answer an anonymous GET from the page cache when its copy is still current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if may_use_cache(request):
            request._page_cache_allowed = True
            response = self.cached_response(request)
            if response is not None:
                request._page_cache_hit = True
                return response
        return self.get_response(request)

    @staticmethod
    def cached_response(request):
        entry = cache.get(_entry_key(request))
        if entry is None:
            return None
        page_id, versions, headers, content = entry
        current = cache.get_many([SITE_VERSION_KEY, _page_version_key(page_id)])
        if (current.get(SITE_VERSION_KEY), current.get(_page_version_key(page_id))) != versions:
            return None
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response[HEADER] = "hit"
        return response


def prepare_to_cache(page, request):
    """Before ``page`` renders for a visitor who may be cached: note its versions and lifetime."""
    if not getattr(request, "_page_cache_allowed", False) or getattr(request, "is_preview", False):
        return
    seconds = page_cache_seconds(page, request)
    if seconds <= 0 or len(page.get_view_restrictions()):  # a list when the route was kept
        # A private page may be shown to an anonymous visitor who gave its password: never share it.
        return
    request._page_cache_store = (page.pk, _current_versions(page.pk), seconds)


def _may_store(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.user.is_authenticated:  # logged in by this very request
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class UpdatePageCacheMiddleware:
    """Store the page a cacheable visitor was just served, if it sets no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        store = getattr(request, "_page_cache_store", None)
        if store is not None and not getattr(request, "_page_cache_hit", False) and _may_store(request, response):
            page_id, versions, seconds = store
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(_entry_key(request), (page_id, versions, headers, response.content), seconds)
            response[HEADER] = "miss"
        return response


# What purges it


def _comments_changed(sender, comment_ids, **kwargs):
    """Comments are attached to pages through their generic ``content_type``/``object_pk``."""
    targets = sender.objects.filter(pk__in=comment_ids).values_list("content_type_id", "object_pk").distinct()
    page_ids = [
        int(object_pk)
        for type_id, object_pk in targets
        if str(object_pk).isdigit()
        and issubclass(ContentType.objects.get_for_id(type_id).model_class() or object, Page)
    ]
    if page_ids:
        purge_pages_and_their_family(page_ids)


def _page_content_changed(sender, page, **kwargs):
    versions.now_and_on_commit(purge_pages_and_their_family, [page.pk])


def connect():
    """Connect the purge receivers (from ``CmsConfig.ready``)."""
    from dialogue_pages.signals import comments_changed, page_content_changed

    # Publishing, moving or deleting a page changes the tree's version: localized_pages.versions.
    comments_changed.connect(_comments_changed, dispatch_uid="page_cache_comments")
    page_content_changed.connect(_page_content_changed, dispatch_uid="page_cache_page_content")
