"""The Elasticsearch engine: its mappings, documents and query bodies, without a cluster.

Tests marked ``elasticsearch`` index and search a live cluster; they run only when
``ELASTICSEARCH_URL`` is set (e.g. ``ELASTICSEARCH_URL=http://localhost:9200 pytest -m elasticsearch``).
"""

import json
import os
from io import StringIO
from types import SimpleNamespace

import pytest

from django.core.management import call_command
from django.test import RequestFactory, override_settings

from wagtail.models import Locale, PageViewRestriction

from dialogue_pages.models import DialogueComment, Person, WebinarPage, WeeklyQuestionPage
from search.engines.elasticsearch import ElasticsearchEngine, SiteSearchBackend, SiteSearchMapping, site_fields
from search.facets import DialogueDirectory, Filters
from search.query import ParsedQuery

from . import test_search_languages, test_search_page

# The content fixtures are shared with the search page's and the languages' tests.
member = test_search_page.member
site = test_search_page.site
writer = test_search_languages.writer
atlas = test_search_languages.atlas

ES_SETTINGS = {
    "default": {"BACKEND": "search.engines.elasticsearch", "URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"}
}


@pytest.fixture
def backend():
    return SiteSearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"})


@pytest.fixture
def engine(backend):
    return ElasticsearchEngine(backend)


def test_every_searchable_model_maps_its_text_with_the_three_language_analysers():
    for model in (WebinarPage, DialogueComment):
        properties = SiteSearchMapping(model).get_mapping()["properties"]
        analysers = {name: spec["analyzer"] for name, spec in properties.items() if name.startswith("_site_body")}
        assert analysers == {
            "_site_body": "site_exact",
            "_site_body_en": "site_en",
            "_site_body_es": "site_es",
            "_site_body_fr": "site_fr",
        }
        assert properties["_site_ancestor_paths"] == {"type": "keyword"}
        assert properties["_site_year"] == {"type": "integer"}
    assert "_site_body" not in SiteSearchMapping(Person).get_mapping()["properties"]


@pytest.mark.django_db
def test_documents_carry_type_dialogue_paths_language_year_and_visibility(site):
    webinar = site["webinar"]
    document = SiteSearchMapping(WebinarPage).get_document(webinar)
    assert document["_site_type"] == "dialogue_pages.webinarpage"
    assert site["dialogue"].path in document["_site_ancestor_paths"]
    assert document["_site_year"] == 2016
    assert document["_site_language"] == "en"
    assert "Clara: the toolkit" in document["_site_body"]
    assert document["_site_visible"] is True
    week_fields = site_fields(WeeklyQuestionPage.objects.get(pk=site["week"].pk))
    assert "Which criteria define a good practice?" in week_fields["_site_title"]

    visible = site_fields(site["comments"]["spanish"])
    assert visible["_site_language"] == "es"
    assert "metodología" in visible["_site_body_es"], "a comment is analysed in its own language only"
    assert "_site_body_en" not in visible and "_site_body_fr" not in visible
    assert visible["_site_ancestor_paths"][-1] == site["week"].path
    assert visible["_site_visible"] is True
    assert site_fields(site["comments"]["hidden"])["_site_visible"] is False
    assert site_fields(site["comments"]["pending"])["_site_visible"] is False


@pytest.mark.django_db
def test_query_body_filters_aggregates_highlights_and_honours_phrases(site, engine):
    dialogues = DialogueDirectory(Locale.get_default())
    key = str(site["dialogue"].translation_key)
    filters = Filters(type="dialogue_pages.dialoguecomment", dialogue=key, language="es", year=2016)
    body = engine.build(
        ParsedQuery.parse('"good practice" toolkit'), filters, dialogues, ["00010002"], 10, 20
    ).to_dict()

    must = body["query"]["bool"]["must"]
    assert must[0]["multi_match"]["type"] == "phrase"
    assert must[0]["multi_match"]["query"] == "good practice"
    assert must[0]["multi_match"]["fields"] == ["_site_title^3", "_site_body"], "phrases read the exact words"
    assert must[1]["multi_match"]["query"] == "toolkit"
    assert "_site_body_es" in must[1]["multi_match"]["fields"]
    assert body["query"]["bool"]["filter"] == [{"term": {"_site_visible": True}}]
    assert body["query"]["bool"]["must_not"] == [{"terms": {"_site_ancestor_paths": ["00010002"]}}]
    post = body["post_filter"]["bool"]["filter"]
    assert {"term": {"_site_type": "dialogue_pages.dialoguecomment"}} in post
    assert {"terms": {"_site_ancestor_paths": [site["dialogue"].path]}} in post
    assert {"term": {"_site_year": 2016}} in post
    # Disjunctive facets: each aggregation applies every filter but its own.
    type_filters = body["aggs"]["type"]["filter"]["bool"]["filter"]
    assert {"term": {"_site_type": "dialogue_pages.dialoguecomment"}} not in type_filters
    assert {"term": {"_site_language": "es"}} in type_filters
    assert body["aggs"]["type"]["aggs"]["values"]["terms"]["field"] == "_site_type"
    assert body["aggs"]["dialogue"]["aggs"]["values"]["terms"]["include"] == [site["dialogue"].path]
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["from"] == 10 and body["size"] == 10


@pytest.mark.django_db
def test_any_language_searches_every_analyser(site, engine):
    body = engine.build(ParsedQuery.parse("toolkit"), Filters(), DialogueDirectory(Locale.get_default()), []).to_dict()
    fields = body["query"]["bool"]["must"][0]["multi_match"]["fields"]
    assert fields == [
        "_site_title_en^3",
        "_site_title_es^3",
        "_site_title_fr^3",
        "_site_body_en",
        "_site_body_es",
        "_site_body_fr",
        "_site_title^3",
        "_site_body",
    ]
    assert "must_not" not in body["query"]["bool"] or body["query"]["bool"]["must_not"] == []


class FakeElasticsearch:
    """Answers every search with ``response`` and remembers the requests."""

    def __init__(self, response):
        self.response = response
        self.requests = []

    def options(self, **kwargs):
        return self

    def search(self, index, body, **params):
        self.requests.append({"index": index, "body": body})
        return SimpleNamespace(body=self.response)


def es_response(site):
    buckets = {
        "type": [{"key": "dialogue_pages.dialoguecomment", "doc_count": 2}],
        "dialogue": [{"key": site["dialogue"].path, "doc_count": 2}],
        "language": [{"key": "en", "doc_count": 2}],
        "year": [{"key": 2016, "doc_count": 2}],
    }
    hidden = site["comments"]["hidden"]
    visible = site["comments"]["visible"]
    return {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": 2, "relation": "eq"},
            "hits": [
                {
                    "_index": "test_django_comments_comment",
                    "_id": str(pk),
                    "_score": 1.0,
                    "_source": {"pk": str(pk), "_site_type": "dialogue_pages.dialoguecomment"},
                    "highlight": {"_site_body.english": ["Our <mark>toolkit</mark> &lt;uses&gt;"]},
                }
                for pk in (hidden.pk, visible.pk)
            ],
        },
        "aggregations": {name: {"doc_count": 2, "values": {"buckets": values}} for name, values in buckets.items()},
    }


@pytest.mark.django_db
def test_engine_reads_counts_and_highlights_and_drops_documents_no_longer_visible(site, backend, engine):
    backend.es = FakeElasticsearch(es_response(site))
    PageViewRestriction.objects.create(page=site["product"], restriction_type=PageViewRestriction.LOGIN)
    request = RequestFactory().get("/en/search/")
    outcome = engine.search(ParsedQuery.parse("toolkit"), Filters(language="en"), Locale.get_default(), request)
    assert outcome.total == 2
    assert outcome.facet_counts["dialogue"] == {str(site["dialogue"].translation_key): 2}
    assert outcome.facet_counts["year"] == {2016: 2}
    hits = outcome.results[0:10]
    # The hidden comment was still in the (stale) index: it is not shown.
    assert [hit.obj.pk for hit in hits] == [site["comments"]["visible"].pk]
    assert str(hits[0].excerpt) == "Our <mark>toolkit</mark> &lt;uses&gt;"
    first_request = backend.es.requests[0]["body"]
    assert first_request["size"] == 0
    assert first_request["query"]["bool"]["must_not"] == [{"terms": {"_site_ancestor_paths": [site["product"].path]}}]
    assert backend.es.requests[0]["index"] == ["test_wagtailcore_page", "test_django_comments_comment"]


@pytest.mark.django_db
def test_search_page_uses_the_elasticsearch_engine_when_it_is_the_backend(client, site, monkeypatch):
    fake = FakeElasticsearch(es_response(site))
    monkeypatch.setattr(SiteSearchBackend, "es", fake, raising=False)
    with override_settings(WAGTAILSEARCH_BACKENDS=ES_SETTINGS):
        monkeypatch.setattr("search.engines.get_search_backend", lambda: _backend_with(fake))
        response = client.get("/en/search/", {"q": "toolkit"})
    assert response.status_code == 200
    assert "Our <mark>toolkit</mark> &lt;uses&gt;" in response.content.decode()
    assert fake.requests


def _backend_with(fake):
    backend = SiteSearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"})
    backend.es = fake
    return backend


@pytest.mark.django_db
def test_unreachable_cluster_gives_a_message_not_an_error(client, site, monkeypatch):
    monkeypatch.setattr("search.engines.get_search_backend", lambda: _backend_with_timeout())
    response = client.get("/en/search/", {"q": "toolkit"})
    assert response.status_code == 200
    assert response.context["search_error"]


def _backend_with_timeout():
    from elasticsearch import ConnectionError as ESConnectionError

    class Unreachable(FakeElasticsearch):
        def search(self, index, body, **params):
            raise ESConnectionError("cluster down")

    backend = SiteSearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"})
    backend.es = Unreachable({})
    return backend


@pytest.mark.django_db
def test_rebuild_command_shows_the_mappings_without_a_cluster(site):
    output = StringIO()
    with override_settings(WAGTAILSEARCH_BACKENDS=ES_SETTINGS):
        call_command("rebuild_search_index", "--show-mapping", stdout=output)
    indices = json.loads(output.getvalue())
    assert set(indices) == {"test_wagtailcore_page", "test_django_comments_comment"}
    comment_index = indices["test_django_comments_comment"]
    assert comment_index["mappings"]["properties"]["_site_title_fr"]["analyzer"] == "site_fr"
    french = comment_index["settings"]["analysis"]["analyzer"]["site_fr"]["filter"]
    assert french == ["site_elision", "lowercase", "asciifolding", "site_fr_stemmer"]


@pytest.mark.django_db
def test_rebuild_command_rebuilds_the_database_index(site):
    output = StringIO()
    call_command("rebuild_search_index", stdout=output)
    assert "up to date" in output.getvalue()


live_cluster = pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL")


def live_settings():
    return {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": "test_cop_",
        }
    }


@pytest.mark.elasticsearch
@live_cluster
@pytest.mark.django_db(transaction=True)
def test_live_cluster_finds_pages_and_visible_comments_only(client, site):
    with override_settings(WAGTAILSEARCH_BACKENDS=live_settings()):
        call_command("rebuild_search_index", verbosity=0)
        response = client.get("/en/search/", {"q": "toolkit", "language": "any"})
        kinds = sorted(hit.type_label for hit in response.context["search_results"])
        assert kinds == ["Comment", "Webinar or recording"]
        assert "<mark>" in response.content.decode()
        assert list(client.get("/en/search/", {"q": "zeppelins"}).context["search_results"]) == []


@pytest.mark.django_db
def test_a_webinars_document_holds_no_members_only_field(site):
    webinar = WebinarPage.objects.get(pk=site["webinar"].pk)
    webinar.join_url = "https://meet.example.org/j/joinzq9token"
    webinar.live_stream_url = "https://www.youtube.com/watch?v=strmzq9tkn1"
    webinar.save()

    document = json.dumps(SiteSearchMapping(WebinarPage).get_document(webinar), default=str)

    assert "Clara: the toolkit" in document, "the control: the transcript is indexed"
    assert "joinzq9token" not in document and "strmzq9tkn1" not in document


def test_each_language_has_a_folding_stemming_analyser(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["site_exact"]["filter"] == ["lowercase", "asciifolding"]
    assert analysis["analyzer"]["site_es"]["filter"] == ["lowercase", "asciifolding", "site_es_stemmer"]
    assert analysis["filter"]["site_es_stemmer"] == {"type": "stemmer", "language": "spanish"}
    assert analysis["filter"]["site_en_stemmer"] == {"type": "stemmer", "language": "porter2"}
    assert "ngram_analyzer" in analysis["analyzer"], "Wagtail's own analysers are kept"


@pytest.mark.elasticsearch
@live_cluster
@pytest.mark.django_db(transaction=True)
def test_live_cluster_understands_each_language(client, atlas):
    """The cases of test_search_languages.py, on a live cluster."""
    with override_settings(WAGTAILSEARCH_BACKENDS=live_settings()):
        call_command("rebuild_search_index", verbosity=0)
        for query, language in [
            ("cartographer", "en"),
            ("trainings", "en"),
            ("panaderia", "es"),
            ("murcielago", "es"),
            ("capacitaciones", "es"),
            ("boulangerie", "fr"),
            ("formation", "fr"),
        ]:
            response = client.get(f"/{language}/search/", {"q": query, "language": "any"})
            expected = atlas["dialogue"] if language == "en" else atlas["comments"][language]
            assert [hit.obj for hit in response.context["search_results"]] == [expected], query
        for query in ("cartography", "panaderos", '"panadería del barrio"'):
            response = client.get("/es/search/", {"q": query, "language": "any"})
            assert list(response.context["search_results"]) == [], query
        response = client.get("/es/search/", {"q": '"panaderias del barrio"'})
        assert [hit.obj for hit in response.context["search_results"]] == [atlas["comments"]["es"]]
