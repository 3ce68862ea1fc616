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
it matches in one of them: the object's own. (The whole query is read in one language, not
each word in any, because each configuration drops its own stop words: read word by word,
“the” would be required of English content that does not index it.) A quoted phrase must
also occur word for word (folded, unstemmed) in the object's title or body.

Autocomplete reads folded words only, without stems, on both. After a change to this
analysis the index must be rebuilt (``manage.py rebuild_search_index``).
"""

from django.db import connection

from wagtail.models import Locale
from wagtail.search import index
from wagtail.search.backends.database import SearchBackend as database_backend

from ...analysis import language_of
from ...query import plain_text


class LanguageDocument:
    """An object as a database index reads it: its search fields, their text prepared by ``prepare``.

    ``prepare(text, language, autocomplete)`` returns what the index stores for ``text``.
    """

    def __init__(self, obj, prepare, locales=None):
        self.obj = obj
        self.pk = obj.pk
        self.language = language_of(obj, locales)
        self.prepare = prepare

    def get_search_fields(self):
        return [prepared_field(field, self) for field in self.obj.get_search_fields()]


def language_documents(objs, prepare):
    """A :class:`LanguageDocument` for each of ``objs`` (the locales' languages read once)."""
    locales = dict(Locale.objects.values_list("pk", "language_code"))
    return [LanguageDocument(obj, prepare, locales) for obj in objs]


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


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    """The language-aware backend of the database in use (Wagtail's own on others, e.g. MySQL)."""
    backend = database_backend(params)
    if connection.vendor == "postgresql":
        from .postgres import LanguagePostgresSearchBackend

        return LanguagePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import LanguageSQLiteSearchBackend, SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # else SQLite without FTS5: Wagtail's fallback
            return LanguageSQLiteSearchBackend(params)
    return backend
