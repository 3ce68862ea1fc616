"""Listing pages use a constant number of queries however many children they have."""

from datetime import UTC, datetime

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import (
    CaseStudyPageFactory,
    DialoguePageFactory,
    KnowledgeProductPageFactory,
    PersonFactory,
    WebinarPageFactory,
    WeeklyQuestionPageFactory,
    add_panellist,
    add_time_zone,
)


def queries_for(client, url):
    """The queries of a first view after a change: kept routes and listings forgotten
    (``localized_pages/versions.py``), so what is counted is the listing's own work
    (after a first view, which reads what a process keeps for good: locales, content types)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_dialogues(index, count):
    for year in range(count):
        DialoguePageFactory(
            parent=index,
            start_at=datetime(2000 + year, 1, 1, tzinfo=UTC),
            end_at=datetime(2000 + year, 2, 1, tzinfo=UTC),
        )


def add_dialogue_children(dialogue, count):
    for n in range(count):
        WeeklyQuestionPageFactory(parent=dialogue, week_number=n + 1)
        webinar = WebinarPageFactory(parent=dialogue)
        add_time_zone(webinar, "Europe/Paris")
        add_panellist(webinar, PersonFactory())


@pytest.mark.django_db
def test_dialogue_index_queries_do_not_grow_with_dialogues(client, dialogue_index):
    add_dialogues(dialogue_index, 2)
    few = queries_for(client, dialogue_index.url)
    add_dialogues(dialogue_index, 8)
    assert queries_for(client, dialogue_index.url) == few


@pytest.mark.django_db
def test_dialogue_page_queries_do_not_grow_with_weeks_and_webinars(client, dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index)
    add_dialogue_children(dialogue, 1)
    few = queries_for(client, dialogue.url)
    add_dialogue_children(dialogue, 5)
    assert queries_for(client, dialogue.url) == few


@pytest.mark.django_db
def test_knowledge_product_page_queries_do_not_grow_with_case_studies(client, product_index):
    product = KnowledgeProductPageFactory(parent=product_index)
    for _ in range(2):
        CaseStudyPageFactory(parent=product, region="africa").themes.add("Radio")
    few = queries_for(client, product.url)
    for _ in range(8):
        case = CaseStudyPageFactory(parent=product, region="global")
        case.themes.add("Radio", "Men and boys")
    assert queries_for(client, product.url) == few


@pytest.mark.django_db
def test_product_index_and_home_queries_do_not_grow(client, home, product_index, dialogue_index):
    KnowledgeProductPageFactory(parent=product_index)
    few_index = queries_for(client, product_index.url)
    few_home = queries_for(client, home.url)
    for _ in range(6):
        KnowledgeProductPageFactory(parent=product_index)
    add_dialogues(dialogue_index, 4)
    assert queries_for(client, product_index.url) == few_index
    assert queries_for(client, home.url) == few_home


@pytest.mark.django_db
def test_webinar_page_queries_do_not_grow_with_panellists(client, dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index)
    webinar = WebinarPageFactory(parent=dialogue)
    add_panellist(webinar)
    few = queries_for(client, webinar.url)
    for _ in range(6):
        add_panellist(webinar)
    assert queries_for(client, webinar.url) == few


@pytest.mark.django_db
def test_public_within_the_query_leaves_out_exactly_what_wagtails_public_does(dialogue_index):
    from wagtail.models import Page, PageViewRestriction

    from localized_pages.listings import public

    open_dialogue = DialoguePageFactory(parent=dialogue_index, title="Open")
    closed_dialogue = DialoguePageFactory(parent=dialogue_index, title="Closed")
    open_week = WeeklyQuestionPageFactory(parent=open_dialogue, title="Open week")
    closed_week = WeeklyQuestionPageFactory(parent=open_dialogue, title="Closed week")
    under_closed = WeeklyQuestionPageFactory(parent=closed_dialogue, title="Under a closed dialogue")
    PageViewRestriction.objects.create(page=closed_dialogue, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(page=closed_week, restriction_type=PageViewRestriction.PASSWORD, password="x")
    ours = set(public(Page.objects.all()).values_list("pk", flat=True))
    assert ours == set(Page.objects.public().values_list("pk", flat=True))
    assert {open_dialogue.pk, open_week.pk} <= ours
    assert ours.isdisjoint({closed_dialogue.pk, under_closed.pk, closed_week.pk})
    # A page whose path merely begins like a restricted one's sibling is not caught (paths are steps of 4).
    assert dialogue_index.pk in ours
