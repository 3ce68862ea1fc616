"""What every engine returns, and how a matched page or object becomes a result to show."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import cached_property

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from localized_pages.listings import public

from ..query import plain_text
from ..sources import PageSource, body_fields, headline_fields, type_key, type_label

# Deep pages of results are not offered: past this many, visitors refine the query.
MAX_RANKED_RESULTS = 500


class SearchUnavailable(Exception):
    """The search engine could not answer (e.g. the Elasticsearch cluster is down)."""


@dataclass
class Hit:
    """One result as the template shows it."""

    obj: object
    title: str
    url: str
    type_key: str
    type_label: str
    language: str
    date: date | datetime | None
    dialogue: str | None = None
    dialogue_label: str = ""
    excerpt: str = ""


@dataclass
class Outcome:
    """An engine's answer: the total, facet counts, and a way to fetch any slice of ranked hits."""

    total: int
    facet_counts: dict
    fetch: callable = field(repr=False)
    # True when a source had more matches than the engine counts and ranks (``COUNT_LIMIT``):
    # the total and the counts are then lower bounds.
    partial: bool = False

    @cached_property
    def results(self):
        return ResultList(self)


class ResultList:
    """The ranked hits as a sequence Django's paginator can slice; a slice is fetched when asked."""

    def __init__(self, outcome):
        self.outcome = outcome

    def __len__(self):
        return min(self.outcome.total, MAX_RANKED_RESULTS)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("Search results are fetched by slices (pages).")
        start, stop, _step = item.indices(len(self))
        return self.outcome.fetch(start, stop) if stop > start else []


def holds_html(model, name):
    """Whether the model field ``name`` stores HTML (rich text, stream blocks) rather than plain text."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return True  # a method or property: be safe, its text is shown without tags
    return isinstance(field, RichTextField | StreamField)


@lru_cache(maxsize=256)
def text_fields(model, part):
    """``(search field, holds HTML)`` of ``model``'s headline (``part="headline"``) or body fields."""
    by_name = {search_field.field_name: search_field for search_field in model.get_searchable_search_fields()}
    names = headline_fields(model) if part == "headline" else body_fields(model)
    return tuple((by_name[name], holds_html(model, name)) for name in names if name in by_name)


def field_text(obj, part):
    """The plain text of ``obj``'s indexed headline (``part="headline"``) or body SearchFields."""
    return " ".join(plain_text(field.get_value(obj), is_html) for field, is_html in text_fields(type(obj), part))


def headline_text(obj):
    return field_text(obj, "headline")


def excerpt_for(obj, query):
    """The highlighted excerpt of a result: from its body text, else its search description."""
    text = field_text(obj, "body")
    if query.terms and not query.mentions(text):
        text = getattr(obj, "search_description", "") or text
    return query.excerpt(text)


def page_hit(page, query, request, dialogues, languages):
    """A result for a (specific) page."""
    model = type(page)
    dialogue = dialogues.key_for_path(page.path)
    return Hit(
        obj=page,
        title=page.title,
        url=page.get_url(request),
        type_key=type_key(model),
        type_label=type_label(model),
        language=languages.get(page.locale_id, ""),
        date=PageSource.date_of(page),
        dialogue=dialogue,
        dialogue_label=dialogues.labels.get(dialogue, ""),
        excerpt=excerpt_for(page, query),
    )


def object_hit(obj, source, dialogue, query, request, dialogues):
    """A result for an object of a non-page source (a comment), in ``dialogue`` (its key, or None)."""
    title_method = getattr(obj, "search_result_title", None)
    return Hit(
        obj=obj,
        title=title_method() if title_method else str(obj),
        url=obj.search_result_url(request),
        type_key=source.type_key,
        type_label=type_label(source.model),
        language=getattr(obj, source.language_field),
        date=getattr(obj, source.date_field),
        dialogue=dialogue,
        dialogue_label=dialogues.labels.get(dialogue, ""),
        excerpt=excerpt_for(obj, query),
    )


def in_reader_language(pages, locale):
    """``(page, shown)`` for ranked ``pages``: each shown as its live, public translation in ``locale``
    where one exists, and each translation set only once (at its best rank).

    A reader on /es/ who searches every language then reads the Spanish title and excerpt of
    an English page that matched, and does not get both versions listed.
    """
    keys = defaultdict(set)  # translations have their source's model: one query per model, none for base pages
    for page in pages:
        if page.locale_id != locale.pk:
            keys[type(page)].add(page.translation_key)
    translations = {
        page.translation_key: page
        for model, model_keys in keys.items()
        for page in public(model.objects.live().filter(locale=locale, translation_key__in=model_keys))
    }
    seen, result = set(), []
    for page in pages:
        if page.translation_key in seen:
            continue
        seen.add(page.translation_key)
        result.append((page, translations.get(page.translation_key, page)))
    return result


def page_paths(page_ids):
    """``{page id: path}`` for the given ids."""
    return dict(Page.objects.filter(pk__in=set(page_ids)).values_list("pk", "path"))
