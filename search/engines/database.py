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
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.functional import cached_property

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
# Objects of a non-page source (comments) are ranked among their newest matches only, at most
# this many: ranking every match of a common word (40,000 comments) costs more than the page.
OBJECT_CANDIDATES = 2000
# Ranked matches read per result wanted, before the visible ones are kept.
VISIBILITY_MARGIN = 4


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
        self.object_page_paths = {}  # {page id: path} of the pages holding the ranked objects

    def outcome(self):
        rows = [*self.page_rows(), *(row for source in self.sources for row in self.object_rows(source))]
        total, counts = count_facets(rows, self.filters)
        return Outcome(total=total, facet_counts=counts, fetch=self.fetch)

    # Matching and facets ---------------------------------------------------------------
    #
    # Facets are counted in SQL from the match set, grouped by type, language, year and the
    # beginning of the tree path that holds every dialogue (``prefix_length``): a few hundred
    # rows at most, whatever the number of matches, become the facet counts in Python.

    def matches(self, queryset):
        """The plain queryset of ``queryset``'s objects matching the query (no ranking)."""
        return self.backend.search(
            self.search_query, queryset, operator="and", order_by_relevance=False
        ).get_queryset()

    @cached_property
    def prefix_length(self):
        """Enough of a tree path to hold any dialogue above it (0 without dialogues)."""
        return max((len(path) for path in self.dialogues.key_by_path), default=0)

    def path_prefix(self, field="path"):
        return Substr(field, 1, self.prefix_length) if self.prefix_length else Value("")

    def page_rows(self):
        """Facet rows of the matching pages, grouped in SQL in one pass.

        As everywhere on the site (``localized_pages``), a page with no live translation in
        the reader's language is shown in its own: it counts under the reader's language
        too, once (its source-language version first). Those few come one row each (their
        ``_solo`` id and translation key set), the others in groups.
        """
        reader = self.locale.pk
        translated = Exists(
            Page.objects.live()
            .public()
            .filter(locale_id=reader, alias_of__isnull=True, translation_key=OuterRef("translation_key"))
        )
        own = Q(locale_id=reader) | translated
        grouped = (
            self.matches(self.pages.queryset())
            .order_by()
            .annotate(
                _year=self.pages.year_expression(),
                _prefix=self.path_prefix(),
                _solo=Case(When(own, then=Value(None)), default=F("pk")),
                _solo_key=Case(When(own, then=Value(None)), default=F("translation_key")),
            )
            .values_list("content_type_id", "locale_id", "_year", "_prefix", "_solo", "_solo_key")
            .annotate(_count=Count("pk"))
        )
        grouped = list(grouped)
        self.fallback_pks = self.shown_untranslated([row for row in grouped if row[4] is not None])
        reader_language = self.locale.language_code
        result = []
        for content_type_id, locale_id, year, prefix, solo, _key, count in grouped:
            if key := self.page_type_key(content_type_id):
                shown_in = (reader_language,) if solo in self.fallback_pks else ()
                result.append(self.row(key, prefix, self.languages.get(locale_id, ""), year, count, shown_in))
        return result

    def row(self, type_key, prefix, language, year, count, shown_in=()):
        return Row(type_key, self.dialogues.key_for_path(prefix or ""), language, year, count, shown_in=shown_in)

    @staticmethod
    def page_type_key(content_type_id):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        return type_key(model) if model is not None else None

    def shown_untranslated(self, rows):
        """Of the matching pages in another language with no live translation in the reader's,
        the one of each translation set the reader's site shows (its source-language version first)."""
        default = self.locale_ids.get(settings.LANGUAGE_CODE)
        chosen = {}
        for _type, _locale, _year, _prefix, pk, key, _count in sorted(
            rows, key=lambda row: (row[1] != default, row[1])
        ):
            chosen.setdefault(key, pk)
        return set(chosen.values())

    def object_rows(self, source):
        """Facet rows of ``source``'s matches: grouped by page in SQL, then by the dialogue part of its path."""
        grouped = source.grouped_counts(self.matches(source.queryset()))
        sql, params = grouped.query.sql_with_params()
        quote = connection.ops.quote_name
        page_table, page_id, path = quote(Page._meta.db_table), quote("id"), quote("path")
        prefix = f"SUBSTR(p.{path}, 1, {int(self.prefix_length)})" if self.prefix_length else "''"
        outer = (
            f"SELECT {prefix}, g.{quote('_language')}, g.{quote('_year')}, SUM(g.{quote('_count')}) "  # noqa: S608
            f"FROM ({sql}) g LEFT JOIN {page_table} p ON p.{page_id} = CAST(g.{quote('_page')} AS INTEGER) "
            "GROUP BY 1, 2, 3"
        )
        with connection.cursor() as cursor:
            cursor.execute(outer, params)
            rows = list(cursor)
        # PostgreSQL's SUM() and EXTRACT() are numerics in raw SQL: counts and years become ints here.
        return [
            self.row(source.type_key, prefix, language, None if year is None else int(year), int(count))
            for prefix, language, year, count in rows
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

    def ranked_pks(self, queryset, pool, candidates=None):
        """Primary keys of the ``pool`` best matches of ``queryset``, best first (among the newest
        ``candidates`` matches, where the backend can bound them)."""
        fast = sqlite_ranked_pks(self.backend, queryset, self.search_query, pool, candidates)
        if fast is not None:
            return fast
        if candidates:  # e.g. PostgreSQL: rank (ts_rank reads every vector) the newest matches only
            newest = list(self.matches(queryset).order_by("-pk").values_list("pk", flat=True)[:candidates])
            queryset = queryset.filter(pk__in=newest)
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
            # A list: the search backends take plain lookups only (not a filter on an annotation).
            in_year = self.matches(self.pages.queryset()).annotate(_year=self.pages.year_expression())
            queryset = queryset.filter(pk__in=list(in_year.filter(_year=filters.year).values_list("pk", flat=True)))
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
        pks = self.ranked_pks(queryset, pool, OBJECT_CANDIDATES)
        objects = queryset.in_bulk(pks)
        ranked = [objects[pk] for pk in pks if pk in objects]
        self.object_page_paths.update(page_paths(int(getattr(obj, source.page_field)) for obj in ranked))
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
            path = self.object_page_paths.get(page_id)
            return object_hit(obj, source, path, self.query, self.request, self.dialogues)

        return make


def sqlite_ranked_pks(backend, queryset, search_query, limit, candidates=None):
    """The primary keys of ``queryset``'s best ``limit`` matches, on the SQLite FTS5 backend, or None.

    Wagtail's SQLite backend ranks with a correlated subquery that re-runs the full-text
    match once per matching row, which grows quadratically with popular words (100,000
    comments). This asks FTS5 once — rank, filter to the visible objects, limit — using
    the backend's own query compiler, and falls back (None) on any other backend.

    With ``candidates``, only the newest ``candidates`` matches (the highest index rows,
    which FTS5 walks backwards without scoring them) are scored: BM25 over every match
    of a common word is the dearest part of a search.
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
    entries = SQLiteFTSIndexEntry.objects.filter(MatchExpression(compiler.FTS_TABLE_FIELDS, built)).filter(
        index_entry__content_type__in=get_descendants_content_types_pks(queryset.model)
    )
    if candidates:
        floor = list(entries.order_by("-pk").values_list("pk", flat=True)[candidates - 1 : candidates])
        if floor:
            entries = entries.filter(pk__gte=floor[0])
    ranked = (
        entries.annotate(score=BM25() * (F("index_entry__title_norm") + 1))
        .order_by("score")  # FTS5's bm25() is negative: lower is better
        .values_list("index_entry__object_id", flat=True)
    )
    # The best matches first, then only those visible (and passing the filters): filtering every
    # match by visibility in SQL would list all visible objects (100,000 comments) first.
    head = [int(pk) for pk in ranked[: limit * VISIBILITY_MARGIN]]
    kept = set(queryset.order_by().filter(pk__in=head).values_list("pk", flat=True))
    best = [pk for pk in head if pk in kept][:limit]
    if len(best) == limit or len(head) < limit * VISIBILITY_MARGIN:
        return best
    # Most of the best matches are filtered out (a narrow filter): rank the visible ones only.
    visible = queryset.order_by().annotate(_pk_text=Cast("pk", CharField())).values("_pk_text")
    return [int(pk) for pk in ranked.filter(index_entry__object_id__in=visible)[:limit]]
