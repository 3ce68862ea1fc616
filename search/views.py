"""The public search page."""

import logging
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page

from .forms import SearchForm

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10


def search_pages(query, locale):
    """Live, public pages of ``locale`` matching ``query``, best first."""
    return Page.objects.live().public().filter(locale=locale).specific().search(query, operator="and")


@require_safe
def search(request):
    """Search every live, public page in the visitor's language.

    Any query string gets an answer page: the form cleans it, and a query the
    backend cannot parse is reported to the visitor rather than raised.
    """
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    results_page = None
    error = None
    if query:
        try:
            results = search_pages(query, Locale.get_active())
            paginator = Paginator(results, RESULTS_PER_PAGE)
            try:
                results_page = paginator.page(request.GET.get("page", 1))
            except PageNotAnInteger:
                results_page = paginator.page(1)
            except EmptyPage:
                results_page = paginator.page(paginator.num_pages)
            Query.get(query).add_hit()
        except DatabaseError:
            logger.warning("Search backend refused the query %r", query, exc_info=True)
            error = _("We could not understand that search. Try simpler words, without special characters.")
            results_page = None
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "search_query": query,
            "search_results": results_page,
            "search_error": error,
            "query_string_prefix": urlencode({"q": query}) + "&",
        },
    )
