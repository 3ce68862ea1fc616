"""The index entries a query matches, with their facts and a relevance score, on SQLite and PostgreSQL.

Wagtail's ``QuerySet.search()`` answers "which objects match", joining every match back to
its model's table. The site search needs less and more: the *entries* that match, their
:class:`~search.models.IndexedFacts` (one primary-key lookup each) and, for the few it
shows, a score. This builds that queryset with the backends' own query compilers, so a
query matches here what it matches through Wagtail (the same stems, phrases and
languages, ``search.engines.languages``):

* **SQLite**: the FTS5 table, ``MATCH`` and ``bm25()`` weighted by the title's length, as
  Wagtail's backend ranks; each match is scored as it is read (``scores_newest``);
* **PostgreSQL**: the facts' copy of ``title || body`` ``@@ query``, read from
  :class:`~search.models.IndexedFacts` alone (its indexes: migration 0004); a quoted phrase
  must also occur word for word: every pair of its adjacent words (as written) is among the
  entry's (``search.analysis.exact_terms``), which its stems in order confirm. The few
  candidates ranked are read again (``among()``) and ``scored()``: ``ts_rank`` of the
  entry's title (weighted the same way) plus its body.

``queryset()`` gives the matching rows, with the facts at ``facts`` from them; ``entry`` leads
from a scored row to its index entry.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, F, Func
from django.db.models.expressions import RawSQL

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from ..analysis import phrase_terms
from ..models import IndexedFacts
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
    # Scored as the matches are read (FTS5 has each match at hand), not in a query of its own.
    scores_newest = True

    def __init__(self, backend, search_query):
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

        compiler = backend.query_compiler_class(Page.objects.all(), search_query, operator="and")
        built = compiler.build_search_query(normalize(search_query), config=backend.config)
        self.match = MatchExpression(compiler.FTS_TABLE_FIELDS, built)

    def queryset(self):
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        return SQLiteFTSIndexEntry.objects.filter(self.match)

    def scored(self, queryset):
        from modelsearch.backends.database.sqlite.query import BM25

        return queryset.annotate(_score=BM25() * (F("index_entry__title_norm") + 1))


class EveryLexeme(SearchQuery):
    """A tsquery requiring each of ``lexemes`` as it is (``'good' & 'good practice'``): no parser,
    no configuration, so a lexeme may hold a space."""

    template = "%(expressions)s::tsquery"

    def __init__(self, lexemes):
        quoted = [lexeme.replace("\\", "\\\\").replace("'", "''") for lexeme in lexemes]
        super().__init__(" & ".join(f"'{lexeme}'" for lexeme in quoted), search_type="raw")


class PostgresMatches:
    facts = ""
    entry = ""
    best_first = "-_score"
    # The matches are read from the facts alone; the few candidates are scored on their entries.
    scores_newest = False

    def __init__(self, backend, search_query):
        from .languages.postgres import required_phrases

        compiler = backend.query_compiler_class(Page.objects.all(), search_query, operator="and")
        self.tsquery = compiler.build_tsquery(compiler.query, config=backend.config)
        self.phrases = [phrase_terms(phrase) for phrase in required_phrases(compiler.query)]
        self.phrases = [terms for terms in self.phrases if terms]

    def queryset(self):
        if not self.phrases:
            return IndexedFacts.objects.filter(words=self.tsquery)
        # A phrase: its word pairs, as written, are found through their index (rare, unlike each of
        # its words); the stems in order are then checked on those rows only (``ts_match_vq`` is
        # ``@@`` as a function: PostgreSQL would otherwise also read the words' index, ~20 ms).
        queryset = IndexedFacts.objects.filter(
            Func(F("words"), self.tsquery, function="ts_match_vq", output_field=BooleanField())
        )
        for terms in self.phrases:
            queryset = queryset.filter(exact_words=EveryLexeme(terms))
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
