"""The public search page answers every query with a page, never an error."""

import pytest

from wagtail.contrib.search_promotions.models import Query

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory

HOSTILE_QUERIES = [
    "",
    "   ",
    '"unterminated phrase',
    "AND OR NOT",
    "*",
    "NEAR(a b)",
    "a:b",
    "(((",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\x00\x01\x1f control",
    "ジェンダー平等",
    "المساواة بين الجنسين",
    "x" * 5000,
    "%",
    "-",
    "^",
]


@pytest.fixture
def dialogue(dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index, title="Resistances in training")
    WeeklyQuestionPageFactory(
        parent=dialogue, questions=[("question", {"question": "What criteria define a good practice?", "note": ""})]
    )
    WeeklyQuestionPageFactory(parent=dialogue, title="Secret draft week", live=False)
    return dialogue


@pytest.mark.django_db
def test_search_finds_live_pages_by_title_and_question(client, dialogue):
    response = client.get("/en/search/", {"q": "resistances"})
    assert [r.title for r in response.context["search_results"]] == ["Resistances in training"]
    response = client.get("/en/search/", {"q": "criteria"})
    assert len(response.context["search_results"]) == 1
    assert Query.objects.filter(query_string="criteria").exists()


@pytest.mark.django_db
def test_search_never_shows_drafts(client, dialogue):
    response = client.get("/en/search/", {"q": "secret draft"})
    assert list(response.context["search_results"]) == []
    assert "Nothing matched" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gets_an_answer_page(client, dialogue, query):
    response = client.get("/en/search/", {"q": query, "page": "not-a-number"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_search_page_numbers_out_of_range_show_the_last_page(client, dialogue):
    response = client.get("/en/search/", {"q": "resistances", "page": "999"})
    assert response.status_code == 200
    assert response.context["search_results"].number == 1


@pytest.mark.django_db
def test_search_refuses_post(client):
    assert client.post("/en/search/", {"q": "x"}).status_code == 405


@pytest.mark.django_db
def test_unprefixed_search_url_redirects_to_the_language(client):
    response = client.get("/search/?q=good")
    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=good"
