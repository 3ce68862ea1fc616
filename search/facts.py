"""Keep :class:`~search.models.IndexedFacts` in step with the database index, and read what it needs.

The index calls :func:`record` after it wrote entries and :func:`forget` before it deletes
one (``search.engines.languages``). Every write of a page also refreshes the
``missing_in`` of its translations, since a translation published or withdrawn changes which
version each language's site shows. Restrictions and drafts are not facts: a search leaves
out what is on :func:`private_page_ids`, read once per version of the page tree, and the
pages whose facts say they are not live (a page's facts are written again whenever Wagtail
indexes it: on every save, publication and unpublication).
"""

import json
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import connection

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from localized_pages import versions
from localized_pages.locales import language_of

from .analysis import exact_terms, folded_words
from .analysis import language_of as object_language
from .models import IndexedFacts
from .sources import PageSource, grouping_models, is_page_model, object_sources, type_key

FIELDS = ("is_page", "kind", "language", "year", "live", "page_id", "dialogue", "translation_key", "missing_in")


def year_of(value):
    """The year of a date, or of a datetime in UTC (as the database reads a stored datetime)."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).year
    if isinstance(value, date):
        return value.year
    return None


def dialogue_keys(paths):
    """``{path: translation key of the dialogue at or above it}`` for the given page paths."""
    models = grouping_models()
    prefixes = {path[:end] for path in paths for end in range(Page.steplen, len(path) + 1, Page.steplen)}
    if not models or not prefixes:
        return {}
    from django.contrib.contenttypes.models import ContentType

    content_types = list(ContentType.objects.get_for_models(*models).values())
    found = dict(
        Page.objects.filter(path__in=prefixes, content_type__in=content_types).values_list("path", "translation_key")
    )
    keys = {}
    for path in paths:
        for end in range(len(path), 0, -Page.steplen):
            if key := found.get(path[:end]):
                keys[path] = str(key)
                break
    return keys


def page_facts(pages):
    """``{page id: facts}`` for (specific) pages."""
    keys = dialogue_keys([page.path for page in pages])
    return {
        page.pk: {
            "is_page": True,
            "kind": type_key(type(page)),
            "language": language_of(page),
            "year": year_of(PageSource.date_of(page)),
            "live": page.live,
            "page_id": page.pk,
            "dialogue": keys.get(page.path, ""),
            "translation_key": str(page.translation_key),
            "missing_in": "",
        }
        for page in pages
    }


def object_facts(model, objs):
    """``{object id: facts}`` for objects of a non-page source (comments)."""
    source = next((source for source in object_sources() if source.model is model), None)
    if source is None:
        return {}
    page_ids = {obj.pk: _int(getattr(obj, source.page_field)) for obj in objs}
    paths = dict(Page.objects.filter(pk__in=set(page_ids.values()) - {None}).values_list("pk", "path"))
    keys = dialogue_keys(list(paths.values()))
    return {
        obj.pk: {
            "is_page": False,
            "kind": source.type_key,
            "language": object_language(obj) or "",
            "year": year_of(getattr(obj, source.date_field, None)),
            "live": True,
            "page_id": page_ids[obj.pk],
            "dialogue": keys.get(paths.get(page_ids[obj.pk], ""), ""),
            "translation_key": "",
            "missing_in": "",
        }
        for obj in objs
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def entry_ids(model, pks):
    """``{object id (text): index entry id}`` of ``model``'s objects in the database index."""
    from modelsearch.utils import get_content_type_pk

    return dict(
        IndexEntry.objects.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[str(pk) for pk in pks]
        ).values_list("object_id", "id")
    )


def record(model, objs):
    """Write the facts of ``model``'s ``objs``, just indexed."""
    from .engines.languages import LanguageDocument

    objs = [obj.obj if isinstance(obj, LanguageDocument) else obj for obj in objs]
    if not objs:
        return
    facts = page_facts(objs) if is_page_model(model) else object_facts(model, objs)
    entries = entry_ids(model, facts)
    rows = [IndexedFacts(entry_id=entries[str(pk)], **values) for pk, values in facts.items() if str(pk) in entries]
    IndexedFacts.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["entry"], update_fields=list(FIELDS), batch_size=500
    )
    copy_words([row.entry_id for row in rows])
    if is_page_model(model):
        refresh_missing_in({str(page.translation_key) for page in objs})


def copy_words(ids, batch=500):
    """PostgreSQL: write these entries' words beside their facts (``IndexedFacts.words``, ``exact_words``):
    the entry's title and body words together, and the terms its text is found by word for word
    (:func:`~search.analysis.exact_terms`)."""
    if connection.vendor != "postgresql" or not ids:
        return
    facts = connection.ops.quote_name(IndexedFacts._meta.db_table)
    entries = connection.ops.quote_name(IndexEntry._meta.db_table)
    # Table names from the models; the values are one JSON parameter.
    sql = (
        f'UPDATE {facts} SET "words" = entry."title" || entry."body", "exact_words" = array_to_tsvector(given.terms)'  # noqa: S608
        f" FROM {entries} AS entry, json_to_recordset(%s) AS given(id integer, terms text[])"
        f' WHERE {facts}."entry_id" = given.id AND entry."id" = given.id'
    )
    for start in range(0, len(ids), batch):
        entries_read = IndexEntry.objects.filter(pk__in=ids[start : start + batch])
        texts = entries_read.values_list("pk", "title_text", "body_text")
        given = [{"id": pk, "terms": exact_terms(folded_words(f"{title} {body}"))} for pk, title, body in texts]
        with connection.cursor() as cursor:
            cursor.execute(sql, [json.dumps(given)])


def forget(obj):
    """Drop the facts of ``obj``, about to leave the index."""
    entries = entry_ids(type(obj), [obj.pk])
    IndexedFacts.objects.filter(entry_id__in=entries.values()).delete()
    if isinstance(obj, Page) and obj.translation_key:
        refresh_missing_in({str(obj.translation_key)}, leaving=obj.pk)


def forget_all():
    IndexedFacts.objects.all()._raw_delete(using=connection.alias)


def refresh_missing_in(translation_keys, leaving=None):
    """Recompute, for the pages of these translation sets, the languages that have no live version."""
    if not translation_keys:
        return
    languages = [code for code, _name in settings.LANGUAGES]
    live = (
        Page.objects.live()
        .filter(translation_key__in=translation_keys, alias_of__isnull=True)
        .exclude(pk=leaving)
        .values_list("translation_key", "locale__language_code")
    )
    present = {}
    for key, language in live:
        present.setdefault(str(key), set()).add(language)
    keys_by_value = {}
    for key in translation_keys:
        missing = [language for language in languages if language not in present.get(key, set())]
        keys_by_value.setdefault(f" {' '.join(missing)} " if missing else "", []).append(key)
    for value, keys in keys_by_value.items():  # a few distinct values: one update each, not one per set
        IndexedFacts.objects.filter(is_page=True, translation_key__in=keys).exclude(missing_in=value).update(
            missing_in=value
        )


def private_page_ids(request=None):
    """Ids of the pages under a view restriction (of any kind, for any group).

    Results on them (the page, its comments) are left out of every search. Kept for the
    version of the page tree, which a restriction added or removed, a move and a
    publication replace.
    """

    def compute():
        return sorted(Page.objects.exclude(pk__in=Page.objects.public().values("pk")).values_list("pk", flat=True))

    return versions.cached_per_version(request, "search:private-pages", compute)


class FactsIndexMixin:
    """For a database search index: write the facts of what it indexes, drop those of what it removes."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        record(model, objs)

    def delete_item(self, item):
        forget(item)
        super().delete_item(item)

    def reset(self):
        super().reset()
        forget_all()


def record_all(batch=1000):
    """Write the facts of every object in the database index (after an upgrade; ``update_index`` also does)."""
    from modelsearch.utils import get_content_type_pk

    from wagtail.search.index import get_indexed_models

    for model in get_indexed_models():
        ids = list(
            IndexEntry.objects.filter(content_type_id=get_content_type_pk(model)).values_list("object_id", flat=True)
        )
        for start in range(0, len(ids), batch):
            record(model, list(model._default_manager.filter(pk__in=ids[start : start + batch])))
