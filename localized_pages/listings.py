"""Listings in the reader's language that leave no page out.

A listing in Spanish shows each page once: its live Spanish translation where there is
one, else the page in the source language (or, failing that, in any language it exists
in). Pages shown in another language carry where they are shown, so their links stay
under the reader's language prefix (see ``pages.LocalizedPage``).
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith

from wagtail.models import Locale, Page, PageViewRestriction

from .locales import attach_locales, locale_for


def _locale_for(language_or_locale):
    """A Wagtail locale, or an unsaved one for a language no page is in yet (``pk`` None)."""
    if isinstance(language_or_locale, Locale):
        return language_or_locale
    return locale_for(language_or_locale) or Locale(language_code=language_or_locale)


def public(queryset):
    """``queryset.public()`` within the same query.

    Wagtail's ``public()`` first reads every view restriction (a query each time it is
    called); this excludes the pages under a restricted page with a subquery instead:
    the same pages, one query fewer per listing.

    The subquery starts from the restrictions (a handful) and reads each one's page by id:
    joined to the pages instead, SQLite read every page for each row (20 s for 10,000 pages).
    """
    restricted_path = Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1])
    under_it = StartsWith(ExpressionWrapper(OuterRef("path"), output_field=CharField()), F("_path"))
    restricted = PageViewRestriction.objects.annotate(_path=restricted_path).filter(under_it)
    return queryset.filter(~Exists(restricted))


def in_language(queryset, locale):
    """One row per translation of ``queryset``'s pages: ``locale``'s, else the source's, else any.

    ``queryset`` holds the candidates in every language (already ``live().public()`` and
    filtered as the listing needs); an alias does not count as a translation. ``locale``
    is a Wagtail locale or a language code (possibly one no page is in yet).
    """
    locale = _locale_for(locale)
    preference = (
        queryset.filter(translation_key=OuterRef("translation_key"))
        .annotate(
            _preference=Case(
                When(locale_id=locale.pk, alias_of__isnull=True, then=Value(0)),
                When(locale__language_code=settings.LANGUAGE_CODE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("_preference", "locale_id")
        .values("pk")[:1]
    )
    return queryset.filter(pk=Subquery(preference)).select_related("locale")


def show_in_language(pages, locale, under=None):
    """Mark the pages of ``pages`` not in ``locale`` to be linked under its prefix; returns a list.

    ``under`` is the page they are listed under (their parent's translation), when the
    listing knows it; otherwise each is linked under its parent's live translation into
    ``locale`` where there is one (two queries for the whole list), else under its own
    path with the reader's language prefix. Both addresses lead to it (``LocalizedPage.route``).
    """
    locale = _locale_for(locale)
    pages = [page for page in pages if page is not None]
    attach_locales(pages)
    others = [page for page in pages if page.locale_id != locale.pk and hasattr(page, "shown_in_language")]
    if under is not None:
        if getattr(under, "shown_under", None) is not None or getattr(under, "shown_in_language", None):
            # Listed on a page itself shown in another language: every item stays under it.
            others = [page for page in pages if hasattr(page, "shown_under")]
        for page in others:
            page.shown_under = under
        return pages
    if not others:
        return pages
    if locale.pk is None:  # no page is in this language yet
        for page in others:
            page.shown_in_language = locale.language_code
        return pages
    # Each page is linked below its nearest ancestor translated into ``locale``: two queries.
    steplen = Page.steplen
    ancestor_paths = {page.path[:end] for page in others for end in range(steplen, len(page.path), steplen)}
    ancestors = {
        path: (key, slug)
        for path, key, slug in Page.objects.filter(path__in=ancestor_paths).values_list(
            "path", "translation_key", "slug"
        )
    }
    translated = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in={key for key, _slug in ancestors.values()},
            locale=locale,
            live=True,
            alias_of__isnull=True,
        )
    }
    for page in others:
        slugs = [page.slug]
        for end in range(len(page.path) - steplen, 0, -steplen):
            key, slug = ancestors.get(page.path[:end], (None, ""))
            if key in translated:
                page.shown_under = translated[key]
                page.shown_path = "/".join(reversed(slugs)) + "/"
                break
            slugs.append(slug)
        else:
            page.shown_in_language = locale.language_code
    return pages


def pages_under(page):
    """A filter for the pages below ``page`` or below any of its translations."""
    # Asked once per page instance: a dialogue lists its weeks, webinars and report from it.
    paths = page.__dict__.get("_translation_paths")
    if paths is None:
        paths = page.__dict__["_translation_paths"] = [
            page.path,
            *page.get_translations().values_list("path", flat=True),
        ]
    return reduce(or_, (Q(path__startswith=path) for path in paths)) & Q(depth__gt=page.depth)


def children_in_language(page, model=Page):
    """``model`` pages under ``page`` or under any of its translations, as ``in_language`` picks them.

    Returns a queryset of candidates; pass the result of your filters and ordering through
    ``in_language`` (done here) and ``show_in_language(…, under=page)`` when listing.
    """
    candidates = public(model.objects.filter(pages_under(page), depth=page.depth + 1).live())
    return in_language(candidates, page.locale)


def in_source_order(queryset):
    """``queryset`` in the tree order of the source language (a menu's or a parent's order)."""
    source_path = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=settings.LANGUAGE_CODE
    ).values("path")[:1]
    return queryset.annotate(_source_path=Coalesce(Subquery(source_path), F("path"))).order_by("_source_path")
