"""The language a page's text is in, and where the original of a page shown in another language is."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def content_language(page):
    """The language code of ``page``'s text (an alias: its original's)."""
    language = getattr(page, "content_language", None)
    if language is not None:
        return language
    locale = getattr(page, "locale", None)
    return getattr(locale, "language_code", "") or get_language()


@register.filter
def in_other_language(page):
    """Whether ``page``'s text is not in the reader's language (its card and page say so)."""
    return content_language(page) != get_language()


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The page's own address in its own language, for ``<link rel="canonical">``."""
    request = context.get("request")
    method = getattr(page, "canonical_url", None)
    if method is not None:
        return method(request)
    return page.get_full_url(request)


@register.inclusion_tag("localized_pages/language_badge.html")
def language_badge(page):
    """“In English” on a card of a page listed in another language than the reader's; else nothing."""
    language = content_language(page)
    return {"language": language, "show": language != get_language()}


@register.inclusion_tag("localized_pages/link.html", takes_context=True)
def localized_link(context, page, text=None):
    """A link to ``page`` with its title; marked with its language when that is not the reader's."""
    language = content_language(page)
    return {
        "request": context.get("request"),
        "page": page,
        "text": text if text is not None else page.title,
        "language": language,
        "show": language != get_language(),
    }
