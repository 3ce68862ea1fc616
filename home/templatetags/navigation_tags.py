"""Site-wide navigation: main menu, breadcrumbs and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Site

from localized_pages.listings import children_in_language, in_source_order, show_in_language
from localized_pages.locales import active_locale
from localized_pages.versions import cached_per_version

register = template.Library()


def _site_root(request):
    """The site's root page in the visitor's language (falls back to the default language)."""
    if request is None:
        return None
    cached = getattr(request, "_localized_site_root", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    locale = active_locale()
    if locale is not None and root.locale_id != locale.pk:
        root = root.get_translation_or_none(locale) or root
    request._localized_site_root = root
    return root


def _menu(request):
    """The home page and the menu's pages for this request's site and language."""
    root = _site_root(request)
    if root is None:
        return None, []
    items = show_in_language(
        in_source_order(children_in_language(root).in_menu()).specific(defer=True), root.locale, under=root
    )
    return root, items


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The live, public pages directly under the home page that staff marked “show in menus”,
    in the reader's language or, not translated yet, in their own (asked once per site version)."""
    request = context.get("request")
    root, items = None, []
    if request is not None:
        root, items = cached_per_version(
            request, f"main_menu|{request.get_host()}|{get_language()}", lambda: _menu(request)
        )
    current = context.get("page")
    current_path = getattr(current, "localized_path", getattr(current, "path", ""))
    return {
        "home": root,
        "items": [(item, current_path.startswith(item.path)) for item in items],
        "request": request,
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Ancestors of the current page below the tree's root, as a trail of links."""
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    request = context.get("request")

    def trail():
        if getattr(page, "shown_under", None) is not None:
            # Shown under another language's page: the trail the reader walked, in their language.
            return [ancestor for ancestor in page.localized_ancestors() if ancestor.depth > 1 and ancestor.live]
        return list(page.get_ancestors().filter(depth__gt=1).live().public())

    where = getattr(page, "localized_path", page.path)
    ancestors = cached_per_version(
        request if page.pk else None, f"breadcrumbs|{page.pk}|{where}|{get_language()}", trail
    )
    return {
        "ancestors": ancestors,
        "page": page,
        "request": context.get("request"),
    }


def translation_links(context):
    """The current page in each language: a URL where a live translation exists, else None.

    Computed once per request and shared by the language switcher and the
    ``<link rel="alternate" hreflang>`` tags.
    """
    request = context.get("request")
    cached = getattr(request, "_translation_links", None)
    if cached is not None:
        return cached
    page = context.get("page")
    is_page = page is not None and getattr(page, "pk", None) and hasattr(page, "get_translations")
    urls = {}
    if is_page:

        def translation_urls():
            return {
                translation.locale.language_code: translation.get_url(request)
                for translation in page.get_translations(inclusive=True).live().public().select_related("locale")
            }

        host = request.get_host() if request is not None else ""
        urls = cached_per_version(request, f"translations|{page.pk}|{host}", translation_urls)
    links = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code) if is_page else translate_url(request.get_full_path(), code) if request else None
        links.append({"code": code, "name": name, "url": url, "current": code == get_language()})
    if request is not None:
        request._translation_links = links
    return links


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in each language; languages without a translation are marked."""
    return {"links": translation_links(context)}


@register.inclusion_tag("includes/alternate_links.html", takes_context=True)
def alternate_links(context):
    """``<link rel="alternate" hreflang>`` for every language the page exists in."""
    request = context.get("request")
    return {
        "links": [
            {**link, "absolute": request.build_absolute_uri(link["url"]) if request else link["url"]}
            for link in translation_links(context)
            if link["url"]
        ]
    }
