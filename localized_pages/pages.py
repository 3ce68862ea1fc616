"""Pages in the reader's language, or in their own language under the reader's address.

Every page type of the site mixes in :class:`LocalizedPage`. When a page has no live
translation in the language of the address (``/es/…``), it is still found there:

- **Routing.** ``/es/<spanish parent>/<slug>/`` serves the parent's translation's child
  ``<slug>`` (the English page) when the Spanish parent has no live child of that slug:
  the page is shown in its own language, with a notice (``base.html``), never a 404.
- **Addresses.** A page listed or served that way remembers the page it is shown under
  (``shown_under``) or the language it is shown in, and its URL (``pageurl``,
  ``page.url``) stays under the reader's language prefix.
- **Canonical.** ``canonical_url()`` is always the page's own address (the source of an
  alias), so search engines see no duplicate.
"""

from django.conf import settings
from django.http import Http404

from wagtail.models import Page

from .locales import language_of


def language_prefix_swapped(path, language_code):
    """``/en/a/b/`` → ``/es/a/b/`` (every page URL starts with its language's prefix)."""
    parts = path.split("/", 2)
    if len(parts) < 3 or not parts[1]:
        return path
    return f"/{language_code}/{parts[2]}"


class LocalizedPage:
    """Mixed into every page model (before ``Page``): see the module's docstring."""

    # Set on an instance listed or routed under another language's page (see listings.py).
    shown_under = None
    shown_path = None  # the slugs from ``shown_under`` down to this page, when more than its own
    shown_in_language = None
    # The view restrictions on this page and its ancestors, when a cache in front of routing
    # already knows them (``cms/route_cache.py``); None: asked from the database.
    known_view_restrictions = None
    # Relations to fetch with the page when a cache in front of routing keeps it (its
    # parts and people, shown on every view): names for ``prefetch_related``.
    prefetch_when_routed = ()

    # Routing ---------------------------------------------------------------------------

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, rest = path_components[0], path_components[1:]
        child = self.get_children().filter(slug=slug).first()
        if child is not None:
            # As Wagtail does: the child's get_parent() needs no query.
            child._cached_parent_obj = self
        if child is None or not child.live:
            fallback = self.fallback_child(slug)
            if fallback is not None:
                child = fallback.specific
                if isinstance(child, LocalizedPage) and child.locale_id != self.locale_id:
                    child.shown_under = self
                return child.route(request, rest)
        if child is None:
            raise Http404
        child = child.specific
        if self.shown_under is not None and isinstance(child, LocalizedPage):
            child.shown_under = self  # below a page shown in another language: so is its child
        return child.route(request, rest)

    def get_view_restrictions(self):
        if self.known_view_restrictions is not None:
            return self.known_view_restrictions
        return super().get_view_restrictions()

    def fallback_child(self, slug):
        """The live child ``slug`` of one of this page's translations, the source language first.

        When that child has a live translation in this page's language (under another slug),
        the translation is returned instead: the reader gets their language where it exists.
        """
        parents = list(
            Page.objects.filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .values_list("path", "locale__language_code")
        )
        parents.sort(key=lambda parent: parent[1] != settings.LANGUAGE_CODE)
        for path, _language in parents:
            child = (
                Page.objects.filter(path__startswith=path, depth=self.depth + 1, slug=slug, live=True)
                .only("pk", "translation_key")
                .first()
            )
            if child is None:
                continue
            own = Page.objects.filter(
                translation_key=child.translation_key, locale_id=self.locale_id, live=True, alias_of__isnull=True
            ).first()
            return own or child
        return None

    # Addresses -------------------------------------------------------------------------

    def get_url_parts(self, request=None):
        parent = self.shown_under
        if parent is not None:
            parts = parent.get_url_parts(request=request)
            if parts is not None and parts[2] is not None:
                site_id, root_url, parent_path = parts
                return site_id, root_url, f"{parent_path.rstrip('/')}/{self.shown_path or self.slug + '/'}"
        parts = super().get_url_parts(request=request)
        language = self.shown_in_language
        if language and parts is not None and parts[2] is not None:
            site_id, root_url, path = parts
            return site_id, root_url, language_prefix_swapped(path, language)
        return parts

    def canonical_url(self, request=None):
        """The page's own address in its own language (an alias's: its original's)."""
        page = self.alias_of.specific if self.alias_of_id else self
        parts = Page.get_url_parts(page, request=request)
        if parts is None or parts[2] is None:
            return None
        site_id, root_url, path = parts
        return f"{root_url}{path}"

    # Language of the content -----------------------------------------------------------

    @property
    def content_language(self):
        """The language the page's text is written in (an alias shows its original's)."""
        if self.alias_of_id:
            return language_of(self.alias_of)
        return language_of(self)

    def localized_ancestors(self):
        """The trail to this page as the reader walked it: through the pages it is shown under."""
        if self.shown_under is not None:
            parent = self.shown_under
            trail = parent.localized_ancestors() if isinstance(parent, LocalizedPage) else list(parent.get_ancestors())
            return [*trail, parent]
        return list(self.get_ancestors())

    @property
    def localized_path(self):
        """The tree path of the page as the reader walked it (for “you are here” in menus)."""
        if self.shown_under is not None:
            return f"{getattr(self.shown_under, 'localized_path', self.shown_under.path)}{self.path[-Page.steplen :]}"
        return self.path
