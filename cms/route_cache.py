"""What every page request asks the database the same way, remembered until the site changes.

Wagtail finds a page by walking the tree from the site's root, a query or two per level
of the address (``/es/dialogos/compendio/semana-2/`` is a dozen), then asks which view
restrictions apply to it and its ancestors. The answer only changes when a page is
published, unpublished, moved or deleted, or a view restriction or a site changes: the
events that change the page tree's version (``localized_pages/versions.py``), on which the
page cache (``cms/page_cache.py``) keys whole pages too. So:

- ``RouteCacheMiddleware`` keeps the route Wagtail found for a GET to a page (the site,
  the page with the ancestors it was routed through, and the restrictions that apply),
  keyed by that version, the host, the language and the path. The next request for the
  address hands it to Wagtail through the attributes Wagtail itself caches a request's
  site and route on (``request._wagtail_site``, ``request._wagtail_route_for_request``,
  see ``Site.find_for_request`` and ``Page.route_for_request``): no query at all.
- A view that makes many links (the search) gets the request's site the same way
  (``localized_pages.versions.remember_site``).
- Other answers that change only with the tree (the main menu, a page's translations, a
  dialogue's weeks) are kept the same way: ``localized_pages.versions.cached_per_version``.

This is not the page cache: every request still renders its page, for members too, with
its own comments, forms and messages. It skips only the tree walk. The restrictions are
still checked on every request (``LocalizedPage.get_view_restrictions`` returns the
remembered ones, Wagtail's hook decides).
"""

import contextlib
import hashlib
import pickle

from django.db.models import prefetch_related_objects
from django.utils.translation import get_language

from wagtail.models import Page, Site
from wagtail.views import serve

from localized_pages.locales import attach_locales
from localized_pages.pages import LocalizedPage
from localized_pages.versions import keep, kept, request_version


def _route_key(request, path):
    name = f"{request.get_host()}|{request.get_port()}|{get_language()}|{path}"
    return f"route:{request_version(request)}:{hashlib.sha256(name.encode()).hexdigest()}"


class RouteCacheMiddleware:
    """Hands Wagtail the route it found for this address before (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not serve or request.method not in ("GET", "HEAD"):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = _route_key(request, path)
        found = kept(key)
        if found is not None:
            site, route, restrictions = found
            route[0].known_view_restrictions = restrictions
            request._wagtail_site = site
            request._wagtail_route_for_request = route
            return None
        site = Site.find_for_request(request)
        route = Page.route_for_request(request, path)
        if route is None or not isinstance(route[0], LocalizedPage):
            return None
        page = route[0]
        restrictions = list(Page.get_view_restrictions(page).prefetch_related("groups"))
        attach_locales([page, *_routed_through(page)])  # the page's language is shown: no query for it
        prefetch_related_objects([page], *page.prefetch_when_routed)
        # A route whose arguments cannot be kept (a routable page's view) is found again next time.
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
            keep(key, (site, route, restrictions))
        page.known_view_restrictions = restrictions
        return None


def _routed_through(page):
    """The pages the route walked to ``page``: the parent Wagtail gave each child, the page
    each was shown under (``LocalizedPage``), and theirs."""
    found, todo = [], [page]
    while todo:
        current = todo.pop()
        for step in (getattr(current, "_cached_parent_obj", None), getattr(current, "shown_under", None)):
            if step is not None and all(step is not seen for seen in found):
                found.append(step)
                todo.append(step)
    return found
