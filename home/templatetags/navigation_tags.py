"""Site-wide navigation: main menu, breadcrumbs and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Locale, Site

from localized_pages.listings import children_in_language, in_source_order, show_in_language

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
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    if locale is not None and root.locale_id != locale.pk:
        root = root.get_translation_or_none(locale) or root
    request._localized_site_root = root
    return root


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The live, public pages directly under the home page that staff marked “show in menus”,
    in the reader's language or, not translated yet, in their own."""
    request = context.get("request")
    root = _site_root(request)
    items = []
    if root is not None:
        items = show_in_language(
            in_source_order(children_in_language(root).in_menu()).specific(defer=True), root.locale, under=root
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
    if getattr(page, "shown_under", None) is not None:
        # Shown under another language's page: the trail the reader walked, in their language.
        ancestors = [ancestor for ancestor in page.localized_ancestors() if ancestor.depth > 1 and ancestor.live]
    else:
        ancestors = page.get_ancestors().filter(depth__gt=1).live().public()
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
    translations = {}
    if is_page:
        for translation in page.get_translations(inclusive=True).live().public().select_related("locale"):
            translations[translation.locale.language_code] = translation
    links = []
    for code, name in settings.LANGUAGES:
        if is_page:
            target = translations.get(code)
            url = target.get_url(request) if target else None
        else:
            url = translate_url(request.get_full_path(), code) if request else None
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
