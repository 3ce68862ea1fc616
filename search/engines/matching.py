"""The index entries a query matches, with their facts and a relevance score, on SQLite and PostgreSQL.

Wagtail's ``QuerySet.search()`` answers "which objects match", joining every match back to
its model's table. The site search needs less and more: the *entries* that match, their
:class:`~search.models.IndexedFacts` (one primary-key lookup each) and, for the few it
shows, a score. This builds that queryset with the backends' own query compilers, so a
query matches here exactly what it matches through Wagtail (the same stems, phrases and
languages, ``search.engines.languages``):

* **SQLite**: the FTS5 table, ``MATCH`` and ``bm25()`` weighted by the title's length, as
  Wagtail's backend ranks;
* **PostgreSQL**: ``title || body @@ query`` (served by the GIN index of migration 0002),
  ``ts_rank`` of the title (weighted the same way) plus the body; a quoted phrase must also
  occur word for word, as in ``LanguagePostgresQueryCompiler``.
"""

import json

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import F
from django.db.models.expressions import CombinedExpression, RawSQL

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from ..analysis import folded_words
from .base import SearchUnavailable


class UnsupportedDatabase(SearchUnavailable):
    """The site search runs on SQLite (with FTS5) and PostgreSQL (or Elasticsearch)."""


def entry_matches(backend, search_query):
    """The matcher of the database in use."""
    if connection.vendor == "postgresql":
        return PostgresMatches(backend, search_query)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return SQLiteMatches(backend, search_query)
    raise UnsupportedDatabase(connection.vendor)


class SQLiteMatches:
    facts = "index_entry__site_search_facts__"
    entry = "index_entry__"
    best_first = "_score"  # FTS5's bm25() is negative: lower is better

    def __init__(self, backend, search_query):
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

        compiler = backend.query_compiler_class(Page.objects.all(), search_query, operator="and")
        built = compiler.build_search_query(normalize(search_query), config=backend.config)
        self.match = MatchExpression(compiler.FTS_TABLE_FIELDS, built)

    def queryset(self):
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        return SQLiteFTSIndexEntry.objects.filter(self.match)

    def among(self, entries):
        """The matches among these index entries (FTS5 scores a row only where it matched).

        FTS5 is given the range of the entries (it walks only that part of its lists); the
        list itself is checked on an expression, not the bare rowid (FTS5 would otherwise run
        the whole query once per listed rowid), and passed as one JSON parameter (Django
        resolves each element of a list compared with an expression: 25 ms for 500).
        """
        listed = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(entries))])  # noqa: S611 - constant SQL
        return (
            self.queryset()
            .filter(pk__gte=min(entries), pk__lte=max(entries))
            .alias(_entry=F("pk") + 0)
            .filter(_entry__in=listed)
        )

    def scored(self, queryset):
        from modelsearch.backends.database.sqlite.query import BM25

        return queryset.annotate(_score=BM25() * (F("index_entry__title_norm") + 1))


class PostgresMatches:
    facts = "site_search_facts__"
    entry = ""
    best_first = "-_score"

    def __init__(self, backend, search_query):
        from .languages.postgres import required_phrases

        compiler = backend.query_compiler_class(Page.objects.all(), search_query, operator="and")
        self.tsquery = compiler.build_tsquery(compiler.query, config=backend.config)
        phrases = [" ".join(folded_words(phrase)) for phrase in required_phrases(compiler.query)]
        self.phrases = [phrase for phrase in phrases if phrase]

    def queryset(self):
        words = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        queryset = IndexEntry.objects.annotate(_words=words).filter(_words=self.tsquery)
        if self.phrases:
            queryset = queryset.annotate(_exact_words=SearchVector("title_text", "body_text", config="simple"))
            for phrase in self.phrases:
                queryset = queryset.filter(_exact_words=SearchQuery(phrase, search_type="phrase", config="simple"))
        return queryset

    def among(self, entries):
        """These index entries, known to match (ranked without the full-text index), passed as one
        array parameter rather than a placeholder each."""
        listed = RawSQL("SELECT unnest(%s::integer[])", [list(entries)])  # noqa: S611 - constant SQL
        return IndexEntry.objects.filter(pk__in=listed)

    def scored(self, queryset):
        return queryset.annotate(
            _score=SearchRank(F("title"), self.tsquery) * F("title_norm") + SearchRank(F("body"), self.tsquery)
        )
