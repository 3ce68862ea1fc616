"""The read-only public pages API (Wagtail's API v2): live, public pages only, ``?locale=`` filters.

The tokens planted by tests/test_feeds.py (drafts, a private dialogue, a webinar's join
link and live stream, comments awaiting approval or hidden, an email address) never
appear in any response, while a public page's title does: the control.
"""

import pytest

from wagtail.models import Page

from . import test_feeds
from .factories import LocaleFactory, make_member
from .test_feeds import HIDDEN_TOKENS

# The same planted site as the feeds' tests.
planted = test_feeds.planted

LISTING = "/api/v2/pages/"


def ids_of(response):
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def not_found(client, url):
    """Whether ``url`` ends in a 404 (Django's LocaleMiddleware first redirects a 404 to /en/<url>)."""
    response = client.get(url, follow=True)
    return response.status_code == 404 and leaks_no_token(response)


def leaks_no_token(response):
    return not any(token in response.content.decode() for token in HIDDEN_TOKENS)


@pytest.mark.django_db
def test_listing_shows_live_public_pages_only(client, planted):
    ids = ids_of(client.get(LISTING))
    assert {planted["dialogue"].pk, planted["week"].pk, planted["recording"].pk} <= ids
    assert planted["draft"].pk not in ids
    hidden_below_private = set(
        Page.objects.descendant_of(planted["private"], inclusive=True).values_list("pk", flat=True)
    )
    assert not ids & hidden_below_private


@pytest.mark.django_db
def test_a_members_session_does_not_open_private_pages(client, planted):
    client.force_login(make_member("reader"))
    ids = ids_of(client.get(LISTING))
    assert planted["private"].pk not in ids
    assert not_found(client, f"{LISTING}{planted['private'].pk}/")


@pytest.mark.django_db
def test_draft_and_private_pages_are_not_found(client, planted):
    for page in (planted["draft"], planted["private"]):
        assert not_found(client, f"{LISTING}{page.pk}/")


@pytest.mark.django_db
def test_webinars_expose_their_public_fields_never_the_members_only_ones(client, planted):
    recording = planted["recording"]
    detail = client.get(f"{LISTING}{recording.pk}/").json()
    assert detail["title"] == recording.title and detail["starts_at"]
    assert detail["meta"]["locale"] == "en"
    for field in recording.members_only_fields:
        assert field not in detail
        response = client.get(LISTING, {"type": "dialogue_pages.WebinarPage", "fields": field})
        assert response.status_code == 400  # not a field of the API at all


@pytest.mark.django_db
def test_locale_filter_lists_one_language(client, planted):
    spanish_dialogue = planted["dialogue"].copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    for page in Page.objects.filter(locale__language_code="es", live=False).specific():
        page.save_revision().publish()
    spanish_ids = ids_of(client.get(LISTING, {"locale": "es"}))
    assert spanish_dialogue.pk in spanish_ids
    assert set(Page.objects.filter(pk__in=spanish_ids).values_list("locale__language_code", flat=True)) == {"es"}
    english_ids = ids_of(client.get(LISTING, {"locale": "en"}))
    assert planted["dialogue"].pk in english_ids and spanish_dialogue.pk not in english_ids


@pytest.mark.django_db
def test_no_api_response_leaks_hidden_content(client, planted):
    urls = [
        f"{LISTING}?fields=*",
        f"{LISTING}?type=dialogue_pages.WebinarPage&fields=*",
        f"{LISTING}?type=dialogue_pages.DialoguePage&fields=*",
        f"{LISTING}?type=dialogue_pages.WeeklyQuestionPage&fields=*",
        f"{LISTING}?search=zq8token",
        *(f"{LISTING}{pk}/" for pk in Page.objects.values_list("pk", flat=True)),
    ]
    responses = {url: client.get(url, follow=True) for url in urls}
    # Every listing answers; the detail of every page in the database (drafts and private ones too) is tried.
    assert all(responses[url].status_code == 200 for url in urls if "?" in url)
    outputs = {url: response.content.decode() for url, response in responses.items()}
    assert planted["recording"].title in outputs[f"{LISTING}{planted['recording'].pk}/"]  # the control
    for url, text in outputs.items():
        for token in HIDDEN_TOKENS:
            assert token not in text, (url, token)
