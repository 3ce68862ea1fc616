"""What the site search can find, discovered from Wagtail's search registry.

``search`` knows no model by name. It searches:

* every indexed **page** model (``wagtail.search.index.get_indexed_models()``): only live
  pages, none under a view restriction;
* every other indexed model that opts in with ``search_public = True``; its
  ``get_indexed_objects()`` must return only what visitors may see, and is applied at
  query time as well as at index time.

Models describe themselves with a few optional class attributes (the search protocol):

``search_type_label``
    The result type shown to visitors and used for the "type" facet
    (default: the model's ``verbose_name``).
``search_date_field``
    The name of the date or datetime field shown with a result and used for the "year"
    facet (default for pages: ``first_published_at``).
``search_groups_results``
    ``True`` on a page model whose pages group the results below them: the "dialogue"
    a result belongs to is its nearest live, public ancestor (or itself) of such a model.
``search_rank_boost``
    A multiplier for the model's results when results of several models are merged
    (default 1.0; e.g. 0.5 ranks comments below pages).

Non-page models (``search_public = True``) also declare:

``search_language_field``
    The field holding the object's language code.
``search_page_field``
    The field holding the primary key of the page the object appears on (the object
    belongs to that page's dialogue and is hidden when the page is not live and public).
``search_result_url(request)``
    Where a result links to.
``search_result_title()``
    Optional: the title shown for the result (default: ``str(obj)``).
``search_changed_signal``, ``search_changed_ids_argument``
    Optional: the dotted path of a signal sent (with ``sender`` the model) when objects
    change, and the name of its argument listing their primary keys; each change is
    then re-indexed, or removed from the index, by a background task.
``visible_among(pks)``
    Optional: the objects of ``get_indexed_objects().filter(pk__in=pks)``, found faster for a
    few (the results shown, an index update), e.g. by checking only their own pages.
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils.text import capfirst

from wagtail.models import Page
from wagtail.search import index

DEFAULT_PAGE_DATE_FIELD = "first_published_at"
# SearchFields boosted at least this much (titles, questions, subtitles) make a result's headline.
HEADLINE_BOOST = 2


def type_key(model):
    """The stable key of a model in URLs and facets, e.g. ``dialogue_pages.dialoguepage``."""
    return model._meta.label_lower


def type_label(model):
    """The result type visitors read, e.g. “Weekly question”."""
    return capfirst(getattr(model, "search_type_label", None) or model._meta.verbose_name)


def rank_boost(model):
    return float(getattr(model, "search_rank_boost", 1.0))


def headline_fields(model):
    """Names of the model's SearchFields that count as its headline (title, questions…)."""
    return [
        field.field_name
        for field in model.get_searchable_search_fields()
        if (field.boost or 1) >= HEADLINE_BOOST or field.field_name == "title"
    ]


def body_fields(model):
    """Names of the model's other SearchFields, the text excerpts are cut from."""
    headline = set(headline_fields(model))
    return [field.field_name for field in model.get_searchable_search_fields() if field.field_name not in headline]


@dataclass(frozen=True)
class PageSource:
    """All live, public pages of every indexed page model, searched in one query."""

    models: tuple

    @cached_property
    def type_keys(self):
        return {type_key(model): model for model in self.models}

    @staticmethod
    def date_of(page):
        """The date shown with a page result."""
        return getattr(page, getattr(page, "search_date_field", DEFAULT_PAGE_DATE_FIELD), None)


def visible_objects(model, pks):
    """``{pk: object}`` of these objects of an indexed model that visitors may see now."""
    among = getattr(model, "visible_among", None)
    objects = among(pks) if among else model.get_indexed_objects().filter(pk__in=pks).order_by()
    return {obj.pk: obj for obj in objects}


@dataclass(frozen=True)
class ModelSource:
    """The visible objects of one non-page model that opted in with ``search_public``."""

    model: type

    def visible(self, pks):
        """``{pk: object}`` of these objects that visitors may see now (whatever an index says)."""
        return visible_objects(self.model, pks)

    @property
    def page_field(self):
        return self.model.search_page_field

    @property
    def language_field(self):
        return self.model.search_language_field

    @property
    def date_field(self):
        return self.model.search_date_field

    @property
    def type_key(self):
        return type_key(self.model)


def is_page_model(model):
    return issubclass(model, Page)


def page_models():
    """Every concrete, indexed page model (HomePage and index pages included)."""
    return tuple(model for model in index.get_indexed_models() if is_page_model(model) and model is not Page)


def grouping_models():
    """Page models whose pages group the results below them (a dialogue)."""
    return tuple(model for model in page_models() if getattr(model, "search_groups_results", False))


def object_sources():
    """A source for every non-page indexed model that joined the public search."""
    return tuple(
        ModelSource(model)
        for model in index.get_indexed_models()
        if not is_page_model(model) and getattr(model, "search_public", False)
    )


def page_source():
    return PageSource(page_models())


def all_type_keys():
    """Every result type the search can return, in a stable order, with its label."""
    models = [*page_models(), *(source.model for source in object_sources())]
    return {type_key(model): type_label(model) for model in models}
