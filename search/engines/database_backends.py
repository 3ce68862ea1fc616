"""Wagtail's database search backends, reading every object in its own language.

``WAGTAILSEARCH_BACKENDS`` names this module. Like ``wagtail.search.backends.database``,
:func:`SearchBackend` picks the backend of the database in use, here subclasses that hand
the index each object's text prepared in the object's language (:func:`~search.analysis.language_of`):

**SQLite (FTS5)** has no stemmer per language, so the text is analysed in Python. A title
or body is written as its folded words (accents dropped, for exact phrases and accent-free
matching), then each word's Snowball stem in the object's language, marked with
``STEM_MARK`` so that a quoted phrase can only meet the words themselves. A query word
matches any of its stems in the site's languages: an object was stemmed in its own
language, and the reader may search every language (``language=any``) or type an English
word on the Spanish site, so the query cannot know which stemmer the content needs.

**PostgreSQL** stems with its own text search configuration of each language
(``english``, ``spanish``, ``french``; ``simple`` for a language without one); the text's
accents are folded here first, which needs no ``unaccent`` extension. A query is read once
in each of those configurations (each drops its own stop words) and finds an object when
it matches in one of them: the object's own. A quoted phrase must also occur word for word
(folded, unstemmed) in the object's title or body.

Autocomplete reads folded words only, without stems, on both. After a change to this
analysis the index must be rebuilt (``manage.py rebuild_search_index``).
"""

import copy
from functools import reduce
from itertools import groupby
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Value

from wagtail.search import index
from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from wagtail.search.backends.database.sqlite.query import SearchQueryExpression
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText

from ..analysis import fold, folded_words, language_of, site_languages, stem, stemmer_name, stems_in_every_language
from ..query import plain_text

# Marks a stem in the SQLite index: a letter (so FTS5 keeps it in the token) that no word begins with.
STEM_MARK = "ǂ"


# The documents the index reads --------------------------------------------------------------


class LanguageDocument:
    """An object as a database index reads it: its search fields, their text prepared by ``prepare``.

    ``prepare(text, language, autocomplete)`` returns what the index stores for ``text``.
    """

    def __init__(self, obj, prepare):
        self.obj = obj
        self.pk = obj.pk
        self.language = language_of(obj)
        self.prepare = prepare

    def get_search_fields(self):
        return [prepared_field(field, self) for field in self.obj.get_search_fields()]


def prepared_field(field, document):
    """``field`` of ``document``'s object, its value prepared in the document's language."""
    if isinstance(field, index.RelatedFields):
        return PreparedRelatedFields(field, [prepared_field(sub, document) for sub in field.fields])
    if isinstance(field, index.SearchField):
        return PreparedSearchField(field, document)
    if isinstance(field, index.AutocompleteField):
        return PreparedAutocompleteField(field, document)
    return field


def _unwrap(obj):
    return obj.obj if isinstance(obj, LanguageDocument) else obj


class PreparedValue:
    """A field whose value is the prepared text of the original field's value."""

    autocomplete = False

    def __init__(self, field, document):
        if isinstance(field, index.SearchField):
            super().__init__(field.field_name, boost=field.boost, **field.kwargs)
        else:
            super().__init__(field.field_name, **field.kwargs)
        self.field = field
        self.document = document

    def get_value(self, obj):
        text = plain_text(self.field.get_value(_unwrap(obj)))
        return self.document.prepare(text, self.document.language, self.autocomplete)


class PreparedSearchField(PreparedValue, index.SearchField):
    pass


class PreparedAutocompleteField(PreparedValue, index.AutocompleteField):
    autocomplete = True


class PreparedRelatedFields(index.RelatedFields):
    """RelatedFields followed from the document's object; their fields prepared like the object's."""

    def __init__(self, field, fields):
        super().__init__(field.field_name, fields)
        self.field = field

    def get_value(self, obj):
        return self.field.get_value(_unwrap(obj))


# SQLite --------------------------------------------------------------------------------------


def sqlite_text(text, language, autocomplete=False):
    """What the SQLite index stores: folded words, then (not for autocomplete) their marked stems.

    Its signature is the ``prepare`` of a :class:`LanguageDocument`.
    """
    words = folded_words(text)
    if autocomplete:
        return " ".join(words)
    return " ".join([*words, *(STEM_MARK + stem(word, language) for word in words)])


def fts_string(words, prefix=False):
    """An FTS5 string literal of folded words (letters and digits only: nothing to escape)."""
    return f'"{" ".join(words)}"' + ("*" if prefix else "")


def sqlite_expression(text):
    """A ready FTS5 query string as the SQLite backend's search query expression."""
    return SearchQueryExpression(Value(text))


class LanguageSQLiteIndex(SQLiteIndex):
    """The SQLite index, fed each object's text prepared in its language."""

    def add_items(self, model, objs):
        super().add_items(model, [LanguageDocument(obj, sqlite_text) for obj in objs])


class LanguageSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    """Each query word matches any of its stems; a phrase matches its folded words in order."""

    def build_search_query_content(self, query, config=None):
        words = folded_words(query.query_string) if isinstance(query, PlainText | Phrase) else []
        if words and isinstance(query, Phrase):
            return sqlite_expression(fts_string(words))
        if words:
            groups = [
                " OR ".join(fts_string([STEM_MARK + variant]) for variant in stems_in_every_language(word))
                for word in words
            ]
            connector = " AND " if query.operator.upper() == "AND" else " OR "
            return sqlite_expression(connector.join(f"({group})" for group in groups))
        return super().build_search_query_content(query, config=config)


class LanguageSQLiteAutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):
    """Folded words, the last one a prefix."""

    def build_search_query_content(self, query, config=None):
        words = folded_words(query.query_string) if isinstance(query, PlainText) else []
        if words:
            connector = " AND " if query.operator.upper() == "AND" else " OR "
            parts = [fts_string([word]) for word in words[:-1]] + [fts_string(words[-1:], prefix=True)]
            return sqlite_expression(connector.join(parts))
        return super().build_search_query_content(query, config=config)


class LanguageSQLiteSearchBackend(SQLiteSearchBackend):
    """Wagtail's SQLite FTS5 backend, with words stemmed in each object's language."""

    query_compiler_class = LanguageSQLiteQueryCompiler
    autocomplete_query_compiler_class = LanguageSQLiteAutocompleteQueryCompiler
    index_class = LanguageSQLiteIndex


# PostgreSQL ----------------------------------------------------------------------------------


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


class LanguagePostgresIndex(PostgresIndex):
    """Objects are indexed in groups of one language, each with that language's configuration."""

    def add_items(self, model, objs):
        documents = sorted(
            (LanguageDocument(obj, postgres_text) for obj in objs),
            key=lambda document: text_search_config(document.language),
        )
        for config, group in groupby(documents, key=lambda document: text_search_config(document.language)):
            PostgresIndex(self.backend.reading(config)).add_items(model, list(group))


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


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    """The language-aware backend of the database in use (Wagtail's own on others, e.g. MySQL)."""
    backend = database_backend(params)
    if isinstance(backend, PostgresSearchBackend):
        return LanguagePostgresSearchBackend(params)
    if isinstance(backend, SQLiteSearchBackend):
        return LanguageSQLiteSearchBackend(params)
    return backend
