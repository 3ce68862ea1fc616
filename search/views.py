"""The public search page and the header's autocomplete."""

import logging

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from localized_pages.listings import public
from localized_pages.locales import active_locale
from localized_pages.versions import cached_per_version, remember_site

from . import cache as search_cache
from .engines import get_engine
from .engines.base import SearchUnavailable
from .engines.database import COUNT_LIMIT
from .facets import build_facets, dialogue_directory
from .forms import SearchForm, clean_text
from .query import ParsedQuery
from .sources import all_type_keys, type_label

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MIN_LENGTH = 2


def promotions_for(query, request):
    """Staff's recommended results for ``query`` (a search_promotions Query): live, public pages and links.

    Kept for the version of the page tree, which publishing, unpublishing, a privacy restriction
    and any promoted result added, changed or removed (``search.signals``) replace.
    """

    def compute():
        return list(
            query.editors_picks.filter(Q(page__isnull=True) | Q(page__in=public(Page.objects.live())))
            .select_related("page")
            .order_by("sort_order")
        )

    return cached_per_version(request, f"search:promotions:{query.pk}", compute)


def run_search(request, form, query, filters, locale):
    """``(total, facet counts, requested page of results, error, partial)``: from the cache or the engine.

    ``partial``: more matched than the engine counts (the total and the counts are lower bounds).
    """
    page_number = str(request.GET.get("page", ""))[:20]
    key = None
    if search_cache.may_cache(request):
        parts = [query.words, query.phrases, filters.as_params(), locale.language_code, page_number]
        key = search_cache.key_for("answer", request, *parts)
        cached = cache.get(key)
        if cached is not None:
            total, counts, count, number, start, hits, partial = cached
            results = search_cache.CachedResults(count, start, hits)
            return total, counts, Paginator(results, RESULTS_PER_PAGE).get_page(number), None, partial
    try:
        outcome = get_engine().search(query, filters, locale, request)
        page_obj = Paginator(outcome.results, RESULTS_PER_PAGE).get_page(page_number)
        hits = list(page_obj.object_list)
    except (DatabaseError, SearchUnavailable):
        logger.warning("Search backend refused the query %r", form.cleaned_data["q"], exc_info=True)
        error = _("We could not understand that search. Try simpler words, without special characters.")
        return 0, None, None, error, False
    if key:
        start = page_obj.start_index() - 1 if hits else 0
        lean_hits = [search_cache.lean(hit) for hit in hits]
        answer = (
            outcome.total,
            outcome.facet_counts,
            page_obj.paginator.count,
            page_obj.number,
            start,
            lean_hits,
            outcome.partial,
        )
        cache.set(key, answer, search_cache.cache_seconds())
    return outcome.total, outcome.facet_counts, page_obj, None, outcome.partial


KEPT_HEADERS = ("Content-Type", "Content-Language")


@require_safe
def search(request):
    """Search every live, public page, visible comment and transcript, in facets.

    Any query string gets an answer page: the form cleans it, unknown filter values are
    ignored with a notice, and a query the backend cannot run is reported, not raised.
    An anonymous reader's page is kept (``search.cache``) until the content changes; every
    search is still counted.
    """
    key = None
    if search_cache.may_cache_page(request):
        key = search_cache.key_for("page", request, request.get_full_path())
        cached = cache.get(key)
        if cached is not None:
            query_text, headers, content = cached
            count_search(query_text)
            return HttpResponse(content, headers=headers)
    response = render_search(request)
    if key and response.status_code == 200 and not response.cookies:
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        cache.set(key, (response.context_data_query, headers, response.content), search_cache.cache_seconds())
    return response


def count_search(query_text):
    """Count the search in *Reports → Search terms*; its promotions (``Query``) are returned."""
    if not query_text:
        return None
    logged_query = Query.get(query_text)
    logged_query.add_hit()
    return logged_query


def render_search(request):
    remember_site(request)  # the results link to pages: their site without a query
    locale = active_locale()
    dialogues = dialogue_directory(locale, request)
    form = SearchForm(
        request.GET, type_keys=all_type_keys(), dialogues=dialogues, default_language=locale.language_code
    )
    form.is_valid()
    query_text = form.cleaned_data.get("q", "")
    query = ParsedQuery.parse(query_text)
    filters = form.filters()
    context = {
        "form": form,
        "search_query": query_text,
        "filters": filters,
        "ignored_filters": form.ignored,
        "search_results": None,
        "search_error": None,
        "facets": [],
        "promotions": [],
        "dialogue_label": dialogues.labels.get(filters.dialogue, ""),
    }
    if logged_query := count_search(query_text):
        context["promotions"] = promotions_for(logged_query, request)
    if query:
        total, facet_counts, page_obj, error, partial = run_search(request, form, query, filters, locale)
        context.update(
            {
                "search_results": page_obj,
                "search_error": error,
                "result_count": total,
                "result_count_partial": partial,
                "count_limit": COUNT_LIMIT,
                "facets": build_facets(form, filters, facet_counts, dialogues) if facet_counts is not None else [],
                "query_string_prefix": form.query_string(filters) + "&",
            }
        )
    elif query_text:
        context["search_error"] = _("Type at least one word or number to search.")
    response = render(request, "search/search.html", context)
    response.context_data_query = query_text  # what a cached copy counts when served
    return response


@require_safe
def autocomplete(request):
    """Titles of live, public pages in the visitor's language, as JSON for the header search box."""
    text = clean_text(request.GET.get("q", ""))
    suggestions = []
    if len(text) >= AUTOCOMPLETE_MIN_LENGTH and ParsedQuery.parse(text):
        words = " ".join(ParsedQuery.parse(text).terms)
        key = None
        if search_cache.may_cache(request):
            key = search_cache.key_for("autocomplete", request, words, active_locale().language_code)
            cached = cache.get(key)
            if cached is not None:
                return autocomplete_response(text, cached)
        try:
            pages = get_engine().autocomplete(words, active_locale(), AUTOCOMPLETE_LIMIT)
        except (DatabaseError, SearchUnavailable):
            logger.warning("Autocomplete failed for %r", text, exc_info=True)
            pages = []
        suggestions = [
            {"title": page.title, "url": page.get_url(request), "type": str(type_label(page.specific_class))}
            for page in pages
        ]
        if key:
            cache.set(key, suggestions, search_cache.cache_seconds())
    return autocomplete_response(text, suggestions)


def autocomplete_response(text, suggestions):
    response = JsonResponse({"query": text, "results": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
