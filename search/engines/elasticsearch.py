"""Search through Elasticsearch 8, with facets, highlighting and per-language analysers.

Wagtail's Elasticsearch 8 backend keeps the index (``SearchBackend`` below extends it, so
``update_index``, the page signals and the indexing tasks all apply). Every document
gains a few ``_site_*`` fields, the same for every model, so that one elasticsearch-dsl
query can search pages and comments together:

* ``_site_title`` (headline: title, questions…) and ``_site_body``: the words, lower-cased
  and without accents (``site_exact``), for quoted phrases; and the same text in the
  object's own language only, ``_site_title_<language>`` / ``_site_body_<language>``
  (e.g. ``_site_body_es``), read by that language's analyser ``site_<language>``: folded,
  then Snowball-stemmed like the database backends (:mod:`search.analysis`). A query
  word is looked for in every language's fields, as it cannot tell which language the
  content is in; the language filter decides which content is shown;
* ``_site_type``, ``_site_language``, ``_site_year``, ``_site_date`` for facets;
* ``_site_ancestor_paths``: the tree paths of the page and its ancestors (for a comment,
  of the page it is on), to filter and count by dialogue and to leave out pages under a
  privacy restriction at query time;
* ``_site_visible``: live pages and visible comments.

Results are loaded back from the database through the same visibility querysets as the
database engine, so a document that went stale in the index is never shown.
"""

from collections import Counter
from copy import deepcopy

from elasticsearch import ApiError, TransportError
from elasticsearch_dsl import A, Q, Search

from django.utils.safestring import mark_safe

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
)

from ..analysis import language_of, site_languages, stemmer_name
from ..cache import ContentVersionIndexMixin
from ..facets import dialogue_directory
from ..sources import ModelSource, PageSource, is_page_model, object_sources, page_models, type_key
from .base import (
    Outcome,
    SearchUnavailable,
    field_text,
    headline_text,
    in_reader_language,
    object_hit,
    page_hit,
    page_paths,
)

HEADLINE_BOOST = 3
FACET_FIELDS = {"type": "_site_type", "language": "_site_language", "year": "_site_year"}
MAX_FACET_VALUES = 100
FRAGMENT_SIZE = 240
EXACT_ANALYZER = "site_exact"
# Elasticsearch's name of each Snowball stemmer where it differs from Snowball's own.
ES_STEMMER_NAMES = {"english": "porter2"}
# Languages whose articles elide before a vowel (l'égalité): Elasticsearch's default elision list is French.
ELIDING_LANGUAGES = {"french"}
ELIDED_ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]


def analyzer_name(language):
    return f"site_{language}"


def analysis_settings():
    """The ``site_*`` analysers: ``site_exact`` (words folded) and one per site language (folded, then stemmed)."""
    analyzers = {EXACT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]}}
    filters = {
        "site_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": ["l", "d", "j", "m", "n", "s", "t", "c", "qu"],
        }
    }
    for language in site_languages():
        name = stemmer_name(language)
        chain = ["lowercase", "asciifolding"]
        if name:
            filters[f"site_{language}_stemmer"] = {"type": "stemmer", "language": ES_STEMMER_NAMES.get(name, name)}
            chain = (["site_elision"] if name in ELIDING_LANGUAGES else []) + chain + [f"site_{language}_stemmer"]
        analyzers[analyzer_name(language)] = {"type": "custom", "tokenizer": "standard", "filter": chain}
    return {"analyzer": analyzers, "filter": filters}


def text_mapping(name):
    """``name`` read as exact words, and ``name_<language>`` read by each language's analyser."""
    return {
        name: {"type": "text", "analyzer": EXACT_ANALYZER},
        **{
            f"{name}_{language}": {"type": "text", "analyzer": analyzer_name(language)}
            for language in site_languages()
        },
    }


def site_mapping():
    return {
        **text_mapping("_site_title"),
        **text_mapping("_site_body"),
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
        visible = obj.pk in source.visible([obj.pk])
    title, body = headline_text(obj), field_text(obj, "body")
    own = language or language_of(obj)
    in_language = {f"_site_title_{own}": title, f"_site_body_{own}": body} if own in site_languages() else {}
    return {
        "_site_title": title,
        "_site_body": body,
        **in_language,
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
            mapping["properties"].update(site_mapping())
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if self.is_site_searchable():
            document.update(site_fields(obj))
        return document

    def is_site_searchable(self):
        return is_page_model(self.model) or getattr(self.model, "search_public", False)


class SiteSearchIndex(ContentVersionIndexMixin, Elasticsearch8Index):
    """Wagtail's Elasticsearch 8 index; every change retires the cached search answers."""


class SiteSearchBackend(Elasticsearch8SearchBackend):
    """Wagtail's Elasticsearch 8 backend with the site search's fields and query engine."""

    mapping_class = SiteSearchMapping
    index_class = SiteSearchIndex
    supports_site_search_dsl = True

    def __init__(self, params):
        super().__init__(params)
        self.settings = deepcopy(self.settings)
        analysis = self.settings["settings"]["analysis"]
        for key, values in analysis_settings().items():
            analysis.setdefault(key, {}).update(values)


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
        # Every language's fields, whatever the language filter: it is a post filter, so that
        # the language facet still counts the other languages.
        languages = site_languages()
        exact = [f"_site_title^{HEADLINE_BOOST}", "_site_body"]
        fields = [f"_site_title_{code}^{HEADLINE_BOOST}" for code in languages] + [
            f"_site_body_{code}" for code in languages
        ]
        must = [Q("multi_match", query=" ".join(phrase), type="phrase", fields=exact) for phrase in query.phrases]
        must += [Q("multi_match", query=word, fields=[*fields, *exact]) for word in query.words]
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
        dialogues = dialogue_directory(locale, request)
        restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        first = self.execute(self.build(query, filters, dialogues, restricted, 0, 0))
        counts = self.facet_counts(first, dialogues)

        def fetch(start, stop):
            response = self.execute(self.build(query, filters, dialogues, restricted, start, stop))
            return self.hits(response, query, request, dialogues, None if filters.language else locale)

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

    def hits(self, response, query, request, dialogues, reader_locale=None):
        """Hits of the response, loaded from the database through the visibility querysets.

        With ``reader_locale`` (every language searched), a page is shown in the reader's
        language where it is translated, and each page only once.
        """
        page_types = {type_key(model) for model in page_models()}
        sources = {source.type_key: source for source in object_sources()}
        wanted = [(hit["_site_type"], int(hit["pk"]), hit.meta) for hit in response.hits]
        page_ids = [pk for kind, pk, _meta in wanted if kind in page_types]
        pages = Page.objects.live().public().filter(pk__in=page_ids).specific().in_bulk()
        if reader_locale is not None:
            ranked_pages = [pages[pk] for pk in page_ids if pk in pages]
            pages = {page.pk: shown for page, shown in in_reader_language(ranked_pages, reader_locale)}
        objects = {
            kind: source.visible([pk for other, pk, _meta in wanted if other == kind])
            for kind, source in sources.items()
        }
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        object_pages = [
            int(getattr(obj, sources[kind].page_field)) for kind, found in objects.items() for obj in found.values()
        ]
        paths = page_paths(object_pages)
        results = []
        for kind, pk, meta in wanted:
            if kind in page_types and pk in pages:
                result = page_hit(pages[pk], query, request, dialogues, languages)
                if pages[pk].pk != pk:  # shown in the reader's language: its own excerpt, not the match's
                    results.append(result)
                    continue
            elif kind in sources and pk in objects[kind]:
                obj, source = objects[kind][pk], sources[kind]
                path = paths.get(int(getattr(obj, source.page_field)))
                dialogue = dialogues.key_for_path(path) if path else None
                result = object_hit(obj, source, dialogue, query, request, dialogues)
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
