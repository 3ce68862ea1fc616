"""Search answers are cached for anonymous readers and never hide a change (issue 16).

An identical search is answered from the cache without running the full-text query; a
published, unpublished or restricted page, a comment posted, approved or hidden, is in the
very next identical search, with no index rebuild. The autocomplete follows the same rule.
"""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import PageViewRestriction

from dialogue_pages.models import DialogueComment
from dialogue_pages.signals import comments_changed

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory, add_comment

RESULT_TITLE = re.compile(r'<li class="result [^"]*">\s*<h2><a [^>]*>([^<]*)</a>')
RESULT_COUNT = re.compile(r'<p role="status">(\d+) results? for')


def search(client, text, **params):
    """``(titles of the results, result count, number of full-text queries run)``, read on the page.

    (A page served from the cache has no template context: what the reader reads is checked.)
    """
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", {"q": text, **params})
    assert response.status_code == 200
    html = response.content.decode()
    full_text = [q["sql"] for q in queries.captured_queries if " MATCH " in q["sql"] or "tsquery" in q["sql"]]
    count = RESULT_COUNT.search(html)
    return RESULT_TITLE.findall(html), int(count.group(1)) if count else None, len(full_text)


@pytest.fixture
def dialogue(dialogue_index):
    return DialoguePageFactory(parent=dialogue_index, title="Pollinators and their keepers")


@pytest.mark.django_db
def test_an_identical_search_is_answered_from_the_cache(client, dialogue):
    first = search(client, "pollinators")
    assert first[:2] == (["Pollinators and their keepers"], 1)
    assert first[2] > 0, "the first search runs the full-text query"
    again = search(client, "pollinators")
    assert again == (["Pollinators and their keepers"], 1, 0)
    assert Query.get("pollinators").hits == 2, "a search served from the cache is still counted"
    # Another page of results, other filters or another language are other answers.
    assert search(client, "pollinators", language="any")[2] > 0
    assert client.get("/es/search/", {"q": "pollinators"}).status_code == 200


@pytest.mark.django_db
def test_a_logged_in_member_always_gets_a_fresh_answer(client, dialogue, member):
    client.force_login(member)
    search(client, "pollinators")
    assert search(client, "pollinators")[2] > 0


@pytest.mark.django_db
def test_publishing_a_page_shows_it_in_the_next_identical_search(client, dialogue):
    assert search(client, "beekeepers")[:2] == ([], 0)
    assert search(client, "beekeepers")[2] == 0  # the empty answer is cached
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Beekeepers in town", live=False)
    assert search(client, "beekeepers")[:2] == ([], 0)  # a draft is never found
    week.save_revision().publish()
    assert search(client, "beekeepers")[:2] == (["Beekeepers in town"], 1)


@pytest.mark.django_db
def test_unpublishing_or_restricting_a_page_hides_it_from_the_next_identical_search(client, dialogue, dialogue_index):
    other = DialoguePageFactory(parent=dialogue_index, title="Pollinators in schools")
    assert search(client, "pollinators")[1] == 2
    assert search(client, "pollinators")[2] == 0
    other.unpublish()
    assert search(client, "pollinators")[:2] == (["Pollinators and their keepers"], 1)
    restriction = PageViewRestriction.objects.create(page=dialogue, restriction_type=PageViewRestriction.LOGIN)
    assert search(client, "pollinators")[:2] == ([], 0)
    restriction.delete()
    assert search(client, "pollinators")[:2] == (["Pollinators and their keepers"], 1)


@pytest.mark.django_db
def test_a_new_or_approved_comment_shows_in_the_next_identical_search(client, dialogue, member):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week 1")
    assert search(client, "lavender")[:2] == ([], 0)
    add_comment(week, member, "Lavender borders feed them all summer.")
    assert search(client, "lavender")[1] == 1, "a comment posted is found without any rebuild"

    pending = add_comment(week, member, "Thyme flowers too.", is_public=False)
    assert search(client, "thyme")[:2] == ([], 0)
    assert search(client, "thyme")[2] == 0
    DialogueComment.objects.filter(pk=pending.pk).update(is_public=True)  # as moderation approves it
    comments_changed.send(sender=DialogueComment, comment_ids=[pending.pk])
    assert search(client, "thyme")[1] == 1

    DialogueComment.objects.filter(pk=pending.pk).update(is_removed=True)
    comments_changed.send(sender=DialogueComment, comment_ids=[pending.pk])
    assert search(client, "thyme")[:2] == ([], 0)


@pytest.mark.django_db
def test_cached_answers_keep_facets_pages_and_highlights(client, dialogue, member):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week 1")
    for n in range(12):
        add_comment(week, member, f"Meadow note {n}: clover for the bees.")
    cold = client.get("/en/search/", {"q": "clover", "page": "2"})
    assert cold.context["search_results"].number == 2
    assert len(cold.context["search_results"]) == 2
    cached = client.get("/en/search/", {"q": "clover", "page": "2"})
    assert cached.content == cold.content
    assert "<mark>clover</mark>" in cached.content.decode()
    assert 'class="facet__count">(12)</span>' in cached.content.decode()
    first = client.get("/en/search/", {"q": "clover"}).context["search_results"]
    assert first.number == 1 and len(first) == 10


@pytest.mark.django_db
def test_autocomplete_is_cached_and_follows_publication(client, dialogue):
    assert [s["title"] for s in client.get("/en/search/autocomplete/", {"q": "hive"}).json()["results"]] == []
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/search/autocomplete/", {"q": "hive"})
    assert not any(" MATCH " in q["sql"] or "tsquery" in q["sql"] for q in queries.captured_queries)
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Hive inspections", live=False)
    week.save_revision().publish()
    titles = [s["title"] for s in client.get("/en/search/autocomplete/", {"q": "hive"}).json()["results"]]
    assert titles == ["Hive inspections"]
