"""Wagtail's PostgreSQL backend, with each object stemmed in its language's configuration (see the package)."""

import copy
from functools import reduce
from itertools import groupby
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchVector

from wagtail.search.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText

from ...analysis import fold, folded_words, site_languages, stemmer_name
from ...cache import ContentVersionIndexMixin
from ...facts import FactsIndexMixin
from . import language_documents


def text_search_config(language):
    """PostgreSQL's built-in text search configuration for a language code (``simple`` without a stemmer)."""
    return stemmer_name(language) or "simple"


def postgres_text(text, language, autocomplete=False):
    """What the PostgreSQL index is given: the text with its accents folded (its configuration stems it)."""
    return fold(text)


def folded_query(query):
    """``query`` with the words of its texts and phrases folded."""
    if isinstance(query, PlainText):
        return PlainText(" ".join(folded_words(query.query_string)) or query.query_string, operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(" ".join(folded_words(query.query_string)) or query.query_string)
    if isinstance(query, And | Or):
        return type(query)([folded_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(folded_query(query.subquery))
    if isinstance(query, Boost):
        return Boost(folded_query(query.subquery), query.boost)
    return query


def required_phrases(query):
    """The phrases every match must contain: the query itself, or the phrases of a top-level And."""
    if isinstance(query, Phrase):
        return [query.query_string]
    if isinstance(query, And):
        return [subquery.query_string for subquery in query.subqueries if isinstance(subquery, Phrase)]
    return []


class LanguageGroupedPostgresIndex(PostgresIndex):
    """Objects are indexed in groups of one language, each with that language's configuration."""

    def add_items(self, model, objs):
        documents = sorted(
            language_documents(objs, postgres_text),
            key=lambda document: text_search_config(document.language),
        )
        for config, group in groupby(documents, key=lambda document: text_search_config(document.language)):
            PostgresIndex(self.backend.reading(config)).add_items(model, list(group))


class LanguagePostgresIndex(ContentVersionIndexMixin, FactsIndexMixin, LanguageGroupedPostgresIndex):
    """The PostgreSQL index by language, writing the facts and retiring cached answers as SQLite's does."""


class LanguagePostgresQueryCompiler(PostgresSearchQueryCompiler):
    """The query read in every language's configuration; quoted phrases also matched word for word."""

    def build_tsquery(self, query, config=None):
        folded = folded_query(query)
        configs = dict.fromkeys(text_search_config(code) for code in site_languages())
        readings = [self.build_tsquery_content(folded, config=name) for name in configs]
        return reduce(or_, [reading for reading in readings if reading is not None])

    def search(self, config, start, stop, score_field=None, backend=None):
        phrases = [" ".join(folded_words(phrase)) for phrase in required_phrases(self.query)]
        phrases = [phrase for phrase in phrases if phrase]
        if not phrases:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        queryset = super().search(config, None, None, score_field=score_field, backend=backend)
        exact = SearchVector("index_entries__title_text", "index_entries__body_text", config="simple")
        queryset = queryset.annotate(_exact_words_=exact)
        for phrase in phrases:
            queryset = queryset.filter(_exact_words_=SearchQuery(phrase, search_type="phrase", config="simple"))
        return queryset[start:stop]


class LanguagePostgresAutocompleteQueryCompiler(PostgresAutocompleteQueryCompiler):
    """Folded words, with PostgreSQL's ``simple`` configuration (no stems)."""

    def build_tsquery(self, query, config=None):
        return super().build_tsquery(folded_query(query), config=config)


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    """Wagtail's PostgreSQL backend, with each object stemmed in its own language's configuration."""

    query_compiler_class = LanguagePostgresQueryCompiler
    autocomplete_query_compiler_class = LanguagePostgresAutocompleteQueryCompiler
    index_class = LanguagePostgresIndex

    def reading(self, config):
        """This backend, indexing with the text search configuration ``config``."""
        backend = copy.copy(self)
        backend.config = config
        return backend
