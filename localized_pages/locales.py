"""The site's locales, read once per process and kept until one is saved or deleted.

Every page request asks for locales several times (the active one for listings and the
menu, the default one for the shared discussion, each listed page's own for its
language badge); Wagtail's ``Locale.get_active()``, ``Locale.get_default()`` and
``page.locale`` each cost a query. A locale exists only for a language in the settings
(``WAGTAIL_CONTENT_LANGUAGES``), so adding one means a restart anyway; saving or deleting
one clears this process's copy (``receivers.py``), and ``forget()`` clears it by hand
(tests, after a rollback).
"""

from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Locale

_by_pk = None


def _locales():
    global _by_pk
    if _by_pk is None:
        _by_pk = Locale.objects.in_bulk()
    return _by_pk


def forget(**kwargs):
    """Read the locales again on next use (a receiver of ``Locale``'s saves and deletes)."""
    global _by_pk
    _by_pk = None


def locale_by_pk(pk):
    """The locale ``pk``, or None."""
    return _locales().get(pk)


def locale_for(language_code):
    """The locale of ``language_code`` (``es``, ``pt-br``), or None when the site has none."""
    if not language_code:
        return None
    code = language_code.lower()
    for locale in _locales().values():
        if locale.language_code.lower() == code:
            return locale
    base = code.split("-")[0]
    for locale in _locales().values():
        if locale.language_code.lower() == base:
            return locale
    return None


def default_locale():
    """The locale of ``LANGUAGE_CODE`` (what ``Locale.get_default()`` returns), without a query."""
    locale = locale_for(settings.LANGUAGE_CODE)
    return locale if locale is not None else Locale.get_default()


def active_locale():
    """The locale of the active language, else the default one (as ``Locale.get_active()``)."""
    locale = locale_for(get_language())
    return locale if locale is not None else default_locale()


def language_of(page):
    """The language code of ``page``'s locale, without a query."""
    locale = page._state.fields_cache.get("locale") or locale_by_pk(page.locale_id)
    if locale is None:
        return page.locale.language_code
    return locale.language_code


def attach_locales(pages):
    """Give each page its locale object without a query each (cards and links show its language)."""
    for page in pages:
        if "locale" not in page._state.fields_cache:
            locale = locale_by_pk(page.locale_id)
            if locale is not None:
                page.locale = locale
    return pages
