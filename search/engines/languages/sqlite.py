"""Wagtail's SQLite FTS5 backend, with each object's words stemmed in its language (see the package)."""

from django.db.models import Value

from wagtail.search.backends.database.sqlite.query import SearchQueryExpression
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import Phrase, PlainText

from ...analysis import folded_words, stem, stems_in_every_language
from ...cache import ContentVersionIndexMixin
from ...facts import FactsIndexMixin
from . import language_documents

# Marks a stem in the SQLite index: a private-use character. FTS5 keeps it inside the token, and
# no word of a text or query can hold it (it is not a letter, so words never include it).
STEM_MARK = "\ue000"


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


class LanguageSQLiteIndex(ContentVersionIndexMixin, FactsIndexMixin, SQLiteIndex):
    """The SQLite index, fed each object's text prepared in its language."""

    def add_items(self, model, objs):
        super().add_items(model, language_documents(objs, sqlite_text))


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
