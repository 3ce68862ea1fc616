"""Search through Elasticsearch 8, with facets, highlighting and per-language analysers.

Wagtail's Elasticsearch 8 backend keeps the index (``SearchBackend`` below extends it, so
``update_index``, the page signals and the indexing tasks all apply). Every document
gains a few ``_site_*`` fields, the same for every model, so that one elasticsearch-dsl
query can search pages and comments together:

* ``_site_title`` (headline: title, questions…) and ``_site_body``, each analysed in
  English, Spanish and French (``.english``, ``.spanish``, ``.french`` sub-fields);
* ``_site_type``, ``_site_language``, ``_site_year``, ``_site_date`` for facets;
* ``_site_ancestor_paths``: the tree paths of the page and its ancestors (for a comment,
  of the page it is on), to filter and count by dialogue and to leave out pages under a
  privacy restriction at query time;
* ``_site_visible``: live pages and visible comments.

Results are loaded back from the database through the same visibility querysets as the
database engine, so a document that went stale in the index is never shown.
"""

from collections import Counter

from elasticsearch import ApiError, TransportError
from elasticsearch_dsl import A, Q, Search

from django.utils.safestring import mark_safe

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search.backends.elasticsearch8 import Elasticsearch8Mapping, Elasticsearch8SearchBackend

from ..facets import DialogueDirectory
from ..sources import ModelSource, PageSource, body_fields, is_page_model, object_sources, page_models, type_key
from .base import Outcome, SearchUnavailable, field_text, headline_text, object_hit, page_hit, page_paths

ANALYZERS = {"en": "english", "es": "spanish", "fr": "french"}
HEADLINE_BOOST = 3
FACET_FIELDS = {"type": "_site_type", "language": "_site_language", "year": "_site_year"}
MAX_FACET_VALUES = 100
FRAGMENT_SIZE = 240


def text_mapping():
    """A text field analysed once per language."""
    return {
        "type": "text",
        "fields": {analyzer: {"type": "text", "analyzer": analyzer} for analyzer in ANALYZERS.values()},
    }


SITE_MAPPING = {
    "_site_title": text_mapping(),
    "_site_body": text_mapping(),
    "_site_type": {"type": "keyword"},
    "_site_language": {"type": "keyword"},
    "_site_year": {"type": "integer"},
    "_site_date": {"type": "date"},
    "_site_ancestor_paths": {"type": "keyword"},
    "_site_visible": {"type": "boolean"},
}


def ancestor_paths(path):
    return [path[:end] for end in range(Page.steplen, len(path or "") + 1, Page.steplen)]


def site_fields(obj):
    """The ``_site_*`` fields of ``obj``'s document."""
    model = type(obj)
    if is_page_model(model):
        language = Locale.objects.filter(pk=obj.locale_id).values_list("language_code", flat=True).first()
        path, date, visible = obj.path, PageSource.date_of(obj), obj.live
    else:
        source = ModelSource(model)
        page_id = getattr(obj, source.page_field)
        path = page_paths([int(page_id)]).get(int(page_id), "") if page_id else ""
        language, date = getattr(obj, source.language_field), getattr(obj, source.date_field)
        visible = source.queryset().filter(pk=obj.pk).exists()
    return {
        "_site_title": headline_text(obj),
        "_site_body": field_text(obj, body_fields(model)),
        "_site_type": type_key(model),
        "_site_language": language or "",
        "_site_year": date.year if date else None,
        "_site_date": date.isoformat() if date else None,
        "_site_ancestor_paths": ancestor_paths(path),
        "_site_visible": bool(visible),
    }


class SiteSearchMapping(Elasticsearch8Mapping):
    """Wagtail's mapping, plus the ``_site_*`` fields every searchable model shares."""

    def get_mapping(self):
        mapping = super().get_mapping()
        if self.is_site_searchable():
            mapping["properties"].update(SITE_MAPPING)
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if self.is_site_searchable():
            document.update(site_fields(obj))
        return document

    def is_site_searchable(self):
        return is_page_model(self.model) or getattr(self.model, "search_public", False)


class SiteSearchBackend(Elasticsearch8SearchBackend):
    """Wagtail's Elasticsearch 8 backend with the site search's fields and query engine."""

    mapping_class = SiteSearchMapping
    supports_site_search_dsl = True


SearchBackend = SiteSearchBackend


class ElasticsearchEngine:
    """Builds one elasticsearch-dsl query for every source, with aggregations and highlights."""

    def __init__(self, backend):
        self.backend = backend

    def indices(self):
        models = [Page, *(source.model for source in object_sources())]
        return [self.backend.get_index_for_model(model).name for model in models]

    def build(self, query, filters, dialogues, restricted_paths, start=0, stop=10):
        """The :class:`~elasticsearch_dsl.Search` for ``query`` and ``filters`` (no request is sent)."""
        languages = [filters.language] if filters.language else list(ANALYZERS)
        analyzers = [ANALYZERS[language] for language in languages if language in ANALYZERS]
        fields = [f"_site_title.{a}^{HEADLINE_BOOST}" for a in analyzers] + [f"_site_body.{a}" for a in analyzers]
        must = [Q("multi_match", query=" ".join(phrase), type="phrase", fields=fields) for phrase in query.phrases]
        if query.words:
            must.append(Q("multi_match", query=" ".join(query.words), fields=fields, operator="and"))
        search = Search(using=self.backend.es, index=self.indices()).query(
            "bool",
            must=must,
            filter=[Q("term", _site_visible=True)],
            must_not=[Q("terms", _site_ancestor_paths=restricted_paths)] if restricted_paths else [],
        )
        facet_filters = self.facet_filters(filters, dialogues)
        post = [clause for clause in facet_filters.values() if clause is not None]
        if post:
            search = search.post_filter("bool", filter=post)
        for name in ("type", "dialogue", "language", "year"):
            others = [clause for other, clause in facet_filters.items() if other != name and clause is not None]
            bucket = A("filter", Q("bool", filter=others))
            bucket.bucket("values", self.facet_aggregation(name, dialogues))
            search.aggs.bucket(name, bucket)
        search = search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], fragment_size=FRAGMENT_SIZE
        ).highlight("_site_body.*", number_of_fragments=1)
        return search.source(["pk", "_site_type", "_site_ancestor_paths"])[start:stop]

    @staticmethod
    def facet_filters(filters, dialogues):
        paths = dialogues.paths_by_key.get(filters.dialogue, []) if filters.dialogue else []
        return {
            "type": Q("term", _site_type=filters.type) if filters.type else None,
            "dialogue": Q("terms", _site_ancestor_paths=paths) if filters.dialogue else None,
            "language": Q("term", _site_language=filters.language) if filters.language else None,
            "year": Q("term", _site_year=filters.year) if filters.year else None,
        }

    @staticmethod
    def facet_aggregation(name, dialogues):
        if name == "dialogue":
            return A(
                "terms", field="_site_ancestor_paths", include=sorted(dialogues.key_by_path), size=MAX_FACET_VALUES
            )
        return A("terms", field=FACET_FIELDS[name], size=MAX_FACET_VALUES)

    # Running -----------------------------------------------------------------------

    def search(self, query, filters, locale, request):
        dialogues = DialogueDirectory(locale)
        restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        first = self.execute(self.build(query, filters, dialogues, restricted, 0, 0))
        counts = self.facet_counts(first, dialogues)

        def fetch(start, stop):
            response = self.execute(self.build(query, filters, dialogues, restricted, start, stop))
            return self.hits(response, query, request, dialogues)

        return Outcome(total=first.hits.total.value, facet_counts=counts, fetch=fetch)

    @staticmethod
    def execute(search):
        try:
            return search.execute()
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error

    @staticmethod
    def facet_counts(response, dialogues):
        counts = {}
        for name in ("type", "dialogue", "language", "year"):
            counter = Counter()
            for bucket in response.aggregations[name]["values"]["buckets"]:
                value = dialogues.key_by_path.get(bucket["key"]) if name == "dialogue" else bucket["key"]
                counter[value] += bucket["doc_count"]
            counts[name] = counter
        return counts

    def hits(self, response, query, request, dialogues):
        """Hits of the response, loaded from the database through the visibility querysets."""
        page_types = {type_key(model) for model in page_models()}
        sources = {source.type_key: source for source in object_sources()}
        wanted = [(hit["_site_type"], int(hit["pk"]), hit.meta) for hit in response.hits]
        page_ids = [pk for kind, pk, _meta in wanted if kind in page_types]
        pages = Page.objects.live().public().filter(pk__in=page_ids).specific().in_bulk()
        objects = {
            kind: source.queryset().in_bulk([pk for other, pk, _meta in wanted if other == kind])
            for kind, source in sources.items()
        }
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        results = []
        for kind, pk, meta in wanted:
            if kind in page_types and pk in pages:
                result = page_hit(pages[pk], query, request, dialogues, languages)
            elif kind in sources and pk in objects[kind]:
                obj, source = objects[kind][pk], sources[kind]
                page_id = int(getattr(obj, source.page_field))
                result = object_hit(obj, source, page_paths([page_id]).get(page_id), query, request, dialogues)
            else:
                continue
            result.excerpt = self.highlighted(meta) or result.excerpt
            results.append(result)
        return results

    @staticmethod
    def highlighted(meta):
        highlight = getattr(meta, "highlight", None)
        if not highlight:
            return ""
        fragments = [fragment for field in highlight for fragment in highlight[field]]
        # Elasticsearch escaped the text itself (encoder "html"); only our <mark> tags are markup.
        return mark_safe(fragments[0]) if fragments else ""  # noqa: S308

    def autocomplete(self, text, locale, limit):
        return list(
            self.backend.autocomplete(text, Page.objects.live().public().filter(locale=locale), fields=["title"])[
                :limit
            ]
        )
