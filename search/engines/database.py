"""Search through Wagtail's database backend (SQLite FTS5, PostgreSQL full-text search).

Each source (all pages, then every opted-in model such as comments) is searched with
Wagtail's ``QuerySet.search()`` on a queryset that already holds only what visitors may
see. Facets are counted in SQL over the matches; the ranked lists of the sources are
merged by reciprocal rank, each source weighted by its ``search_rank_boost``, and a
result whose headline (title, questions…) holds every word of the query goes first.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from localized_pages.listings import show_in_language

from ..facets import DialogueDirectory, Row, count_facets
from ..sources import object_sources, page_source, rank_boost, type_key
from .base import MAX_RANKED_RESULTS, Outcome, headline_text, in_reader_language, object_hit, page_hit, page_paths

# Reciprocal-rank fusion constant: damps the difference between the first ranks.
RRF_K = 60
HEADLINE_BONUS = 1.0
# Candidates fetched from each source to rank a page of results.
MIN_POOL = 50


class DatabaseEngine:
    """The embedded engine: Wagtail's database search backend."""

    def search(self, query, filters, locale, request):
        return DatabaseSearch(query, filters, locale, request).outcome()

    def autocomplete(self, text, locale, limit):
        """Titles of live, public pages of ``locale`` starting with ``text``'s words."""
        return list(Page.objects.live().public().filter(locale=locale).autocomplete(text)[:limit])


class DatabaseSearch:
    """One visitor's search, from matching to a ranked page of hits."""

    def __init__(self, query, filters, locale, request):
        self.query = query
        self.search_query = query.to_search_query()
        self.filters = filters
        self.locale = locale
        self.request = request
        self.dialogues = DialogueDirectory(locale)
        self.languages = dict(Locale.objects.values_list("pk", "language_code"))
        self.locale_ids = {code: pk for pk, code in self.languages.items()}
        self.pages = page_source()
        self.sources = object_sources()
        self.backend = get_search_backend()
        self.fallback_pks = set()  # pages shown in the reader's language although not translated (page_rows)

    def outcome(self):
        rows = [*self.page_rows(), *(row for source in self.sources for _page, row in self.object_rows(source))]
        total, counts = count_facets(rows, self.filters)
        return Outcome(total=total, facet_counts=counts, fetch=self.fetch)

    # Matching and facets ---------------------------------------------------------------

    def matches(self, queryset):
        """The plain queryset of ``queryset``'s objects matching the query (no ranking)."""
        return self.backend.search(
            self.search_query, queryset, operator="and", order_by_relevance=False
        ).get_queryset()

    def page_rows(self):
        rows = list(
            self.matches(self.pages.queryset())
            .annotate(_year=self.pages.year_expression())
            .values_list("pk", "path", "content_type_id", "locale_id", "_year", "translation_key")
        )
        self.page_years = {}
        self.fallback_pks = self.shown_untranslated(rows)
        reader_language = self.locale.language_code
        result = []
        for pk, path, content_type_id, locale_id, year, _key in rows:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            self.page_years[pk] = year
            language = self.languages.get(locale_id, "")
            shown_in = (reader_language,) if pk in self.fallback_pks else ()
            result.append(Row(type_key(model), self.dialogues.key_for_path(path), language, year, shown_in=shown_in))
        return result

    def shown_untranslated(self, rows):
        """The matching pages the reader's site shows although they are in another language.

        As everywhere on the site (``localized_pages``), a page with no live translation in
        the reader's language is shown in its own: it counts under the reader's language
        too, once (its source-language version first).
        """
        reader = self.locale.pk
        others = [row for row in rows if row[3] != reader]
        if not others:
            return set()
        translated = set(
            Page.objects.live()
            .public()
            .filter(locale_id=reader, alias_of__isnull=True, translation_key__in={row[5] for row in others})
            .values_list("translation_key", flat=True)
        )
        default = self.locale_ids.get(settings.LANGUAGE_CODE)
        chosen = {}
        for pk, _path, _type, _locale, _year, key in sorted(others, key=lambda row: (row[3] != default, row[3])):
            if key not in translated:
                chosen.setdefault(key, pk)
        return set(chosen.values())

    def object_rows(self, source):
        """(page id, Row) pairs of ``source``'s matches, grouped by page, language and year."""
        grouped = list(source.grouped_counts(self.matches(source.queryset())))
        paths = page_paths(int(page) for page, *_rest in grouped)
        self.object_page_paths = {**getattr(self, "object_page_paths", {}), **paths}
        return [
            (int(page), Row(source.type_key, self.dialogues.key_for_path(paths.get(int(page), "")), lang, year, count))
            for page, lang, year, count in grouped
        ]

    # Ranking ---------------------------------------------------------------------------

    def fetch(self, start, stop):
        """Hits ``start`` to ``stop`` of the merged ranking."""
        pool = min(max(stop, MIN_POOL), MAX_RANKED_RESULTS)
        candidates = self.ranked_pages(pool) + [
            candidate for source in self.sources for candidate in self.ranked_objects(source, pool)
        ]
        candidates.sort(key=lambda candidate: candidate[0], reverse=True)
        return [make_hit() for _score, make_hit in candidates[start:stop]]

    def score(self, obj, rank):
        bonus = HEADLINE_BONUS if self.query.matches_all(headline_text(obj)) else 0
        return bonus + rank_boost(type(obj)) / (RRF_K + rank)

    def ranked_pages(self, pool):
        if self.filters.type and self.filters.type not in self.pages.type_keys:
            return []
        queryset = self.filtered_pages(self.pages.queryset())
        ranked = self.ranked_pks(queryset, pool)
        specific = Page.objects.filter(pk__in=ranked).specific().in_bulk()
        pages = [specific[pk] for pk in ranked if pk in specific]
        if not self.filters.language:  # every language: show each page in the reader's, where translated
            shown_pages = in_reader_language(pages, self.locale)
        else:
            shown_pages = [(page, page) for page in pages]
        # Pages in another language link under the reader's prefix, as their listings do.
        show_in_language([shown for _page, shown in shown_pages], self.locale)
        return [(self.score(page, rank), self.page_hit_maker(shown)) for rank, (page, shown) in enumerate(shown_pages)]

    def ranked_pks(self, queryset, pool):
        """Primary keys of the ``pool`` best matches of ``queryset``, best first."""
        fast = sqlite_ranked_pks(self.backend, queryset, self.search_query, pool)
        if fast is not None:
            return fast
        return [obj.pk for obj in self.backend.search(self.search_query, queryset, operator="and")[:pool]]

    def filtered_pages(self, queryset):
        filters = self.filters
        if filters.type:
            model = self.pages.type_keys[filters.type]
            queryset = queryset.filter(content_type=ContentType.objects.get_for_model(model))
        if filters.language == self.locale.language_code:
            queryset = queryset.filter(Q(locale=self.locale.pk) | Q(pk__in=self.fallback_pks))
        elif filters.language:
            queryset = queryset.filter(locale=self.locale_ids.get(filters.language))
        if filters.dialogue:
            queryset = queryset.filter(self.dialogue_paths_q())
        if filters.year:
            queryset = queryset.filter(pk__in=[pk for pk, year in self.page_years.items() if year == filters.year])
        return queryset

    def dialogue_paths_q(self):
        paths = self.dialogues.paths_by_key.get(self.filters.dialogue, [])
        query = Q(pk__in=[])
        for path in paths:
            query |= Q(path__startswith=path)
        return query

    def ranked_objects(self, source, pool):
        if self.filters.type and self.filters.type != source.type_key:
            return []
        queryset = self.filtered_objects(source)
        pks = self.ranked_pks(queryset, pool)
        objects = queryset.in_bulk(pks)
        ranked = [objects[pk] for pk in pks if pk in objects]
        return [(self.score(obj, rank), self.object_hit_maker(obj, source)) for rank, obj in enumerate(ranked)]

    def filtered_objects(self, source):
        filters = self.filters
        queryset = source.queryset()
        if filters.language:
            queryset = queryset.filter(**{source.language_field: filters.language})
        if filters.year:
            queryset = queryset.filter(
                **{
                    f"{source.date_field}__gte": timezone.make_aware(datetime(filters.year, 1, 1)),
                    f"{source.date_field}__lt": timezone.make_aware(datetime(filters.year + 1, 1, 1)),
                }
            )
        if filters.dialogue:
            pages = Page.objects.filter(self.dialogue_paths_q()).values_list("pk", flat=True)
            queryset = queryset.filter(**{f"{source.page_field}__in": [str(pk) for pk in pages]})
        return queryset

    def page_hit_maker(self, page):
        return lambda: page_hit(page, self.query, self.request, self.dialogues, self.languages)

    def object_hit_maker(self, obj, source):
        def make():
            page_id = int(getattr(obj, source.page_field))
            path = self.object_page_paths.get(page_id) or page_paths([page_id]).get(page_id)
            return object_hit(obj, source, path, self.query, self.request, self.dialogues)

        return make


def sqlite_ranked_pks(backend, queryset, search_query, limit):
    """The primary keys of ``queryset``'s best ``limit`` matches, on the SQLite FTS5 backend, or None.

    Wagtail's SQLite backend ranks with a correlated subquery that re-runs the full-text
    match once per matching row, which grows quadratically with popular words (100,000
    comments). This asks FTS5 once — rank, filter to the visible objects, limit — using
    the backend's own query compiler, and falls back (None) on any other backend.
    """
    if connection.vendor != "sqlite":
        return None  # the backend's SQLite models exist only on SQLite
    try:
        from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry, SQLiteSearchBackend
        from modelsearch.utils import get_descendants_content_types_pks
    except ImportError:  # pragma: no cover - another Wagtail version: use the generic path
        return None
    if not isinstance(backend, SQLiteSearchBackend):
        return None
    compiler = backend.query_compiler_class(queryset, search_query, operator="and")
    built = compiler.build_search_query(normalize(search_query), config=backend.config)
    visible = queryset.order_by().annotate(_pk_text=Cast("pk", CharField())).values("_pk_text")
    entries = (
        SQLiteFTSIndexEntry.objects.filter(MatchExpression(compiler.FTS_TABLE_FIELDS, built))
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(queryset.model),
            index_entry__object_id__in=visible,
        )
        .annotate(score=BM25() * (F("index_entry__title_norm") + 1))
        .order_by("score")  # FTS5's bm25() is negative: lower is better
        .values_list("index_entry__object_id", flat=True)[:limit]
    )
    return [int(pk) for pk in entries]
