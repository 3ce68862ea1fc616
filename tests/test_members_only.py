"""Members-only data never reaches a visitor.

A unique token is planted in every members-only field (the join link, the live stream,
a member's email address, comments awaiting approval, hidden or withdrawn, audience
questions not yet put to the panel). Every public output is then fetched as a visitor
and as a logged-in account whose email is not confirmed, and none may contain a token.
A confirmed member, fetching the same pages, does see what is theirs to see: the
control that proves the search for tokens can fail.
"""

import re
from datetime import timedelta

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.search import index
from wagtail.search.models import IndexEntry

from dialogue_pages.models import AudienceQuestion
from dialogue_pages.models.comments import DialogueComment

from .factories import WebinarPageFactory, add_comment, make_member, make_week

JOIN = "https://meet.example.org/j/joinzq7token"
STREAM = "https://www.youtube.com/watch?v=strmzq7tkn1"
EMAIL_TOKEN = "mailzq7token"
PENDING = "pendzq7token"
HIDDEN = "hidezq7token"
WITHDRAWN = "gonezq7token"
QUESTION_PENDING = "askzq7token"
QUESTION_DECLINED = "declzq7token"
# What a visitor may never read, each as it would appear in a page or a file.
TOKENS = ["joinzq7token", "strmzq7tkn1", EMAIL_TOKEN, PENDING, HIDDEN, WITHDRAWN, QUESTION_PENDING, QUESTION_DECLINED]


@pytest.fixture
def planted(dialogue_index):
    """A dialogue with an open week and two webinars (one live now, one tomorrow) full of members-only data."""
    week = make_week(dialogue_index)
    dialogue = week.get_parent().specific
    now = timezone.now()
    live = WebinarPageFactory(
        parent=dialogue,
        title="Live panel",
        starts_at=now - timedelta(minutes=10),
        join_url=JOIN,
        live_stream_url=STREAM,
    )
    upcoming = WebinarPageFactory(
        parent=dialogue, title="Next panel", starts_at=now + timedelta(days=1), join_url=JOIN + "2"
    )
    author = make_member("author")
    author.email = f"{EMAIL_TOKEN}@example.org"
    author.save()
    add_comment(week, author, "A visible comment about training.")
    add_comment(week, author, f"Waiting for approval {PENDING}", is_public=False)
    add_comment(week, author, f"Hidden by a moderator {HIDDEN}", is_removed=True)
    add_comment(week, author, f"Withdrawn by its author {WITHDRAWN}", is_removed=True, deleted_by_author=True)
    AudienceQuestion.objects.create(webinar=live, author=author, text=f"Not yet asked {QUESTION_PENDING}")
    AudienceQuestion.objects.create(
        webinar=live, author=author, text=f"Declined {QUESTION_DECLINED}", status=AudienceQuestion.Status.DECLINED
    )
    AudienceQuestion.objects.create(
        webinar=live, author=author, text="Put to the panel", status=AudienceQuestion.Status.ASKED
    )
    call_command("update_index", verbosity=0)
    return {"week": week, "dialogue": dialogue, "live": live, "upcoming": upcoming}


def public_outputs(planted):
    """Every public URL that shows something of the planted dialogue."""
    week, dialogue, live, upcoming = planted["week"], planted["dialogue"], planted["live"], planted["upcoming"]
    urls = [
        "/en/",
        dialogue.get_parent().url,
        dialogue.url,
        week.url,
        live.url,
        upcoming.url,
        f"{live.url}event.ics",
        f"{upcoming.url}event.ics",
        f"{dialogue.url}calendar.ics",
        reverse("webinar-questions", args=[live.pk]),
        "/sitemap.xml",
        "/robots.txt",
        "/en/feeds/dialogues/",
        "/en/feeds/recordings/",
        f"/en/feeds/dialogues/{dialogue.pk}/comments/",
        "/api/v2/pages/?fields=*",
        f"/api/v2/pages/{live.pk}/",
        f"/api/v2/pages/{upcoming.pk}/",
        f"/api/v2/pages/{week.pk}/",
    ]
    # Searches for words beside the tokens (a search for a token itself echoes it: see below).
    for word in ("approval", "moderator", "withdrawn", "asked", "declined", "panel", "meet", "youtube", "example"):
        urls.append(f"/en/search/?q={word}")
    return urls


def leaked(client, urls):
    """(url, token) for every token found in any of ``urls``' responses."""
    found = []
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        found += [(url, token) for token in TOKENS if token in text]
    return found


@pytest.mark.django_db
def test_a_visitor_finds_no_members_only_data_in_any_public_output(client, planted):
    assert leaked(client, public_outputs(planted)) == []


def search_hits(client, text):
    """What the search page and the autocomplete list for ``text`` (the query itself is echoed, not a hit)."""
    page = client.get("/en/search/", {"q": text}).content.decode()
    titles = re.findall(r'<li class="result [^"]*">(.*?)</li>', page, re.S)
    suggestions = client.get("/en/search/autocomplete/", {"q": text}).json()["results"]
    return titles + [suggestion["title"] for suggestion in suggestions]


@pytest.mark.django_db
@pytest.mark.parametrize("confirmed", [None, False])
def test_searching_for_members_only_data_finds_nothing(client, planted, confirmed):
    if confirmed is not None:
        client.force_login(make_member("newcomer", confirmed=confirmed))
    assert search_hits(client, "training"), "the control: a visible comment is found"
    assert {token: search_hits(client, token) for token in TOKENS} == dict.fromkeys(TOKENS, [])


@pytest.mark.django_db
def test_an_account_with_an_unconfirmed_email_finds_no_members_only_data(client, planted):
    client.force_login(make_member("newcomer", confirmed=False))
    assert leaked(client, public_outputs(planted)) == []


@pytest.mark.django_db
def test_a_confirmed_member_sees_the_join_link_and_stream_the_control(client, planted):
    client.force_login(make_member("lucia"))
    found = {token for _url, token in leaked(client, [planted["live"].url])}
    assert found == {"joinzq7token", "strmzq7tkn1"}


@pytest.mark.django_db
def test_the_anonymous_page_cache_never_keeps_a_members_copy(client, planted, settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    member = make_member("lucia")
    client.force_login(member)
    assert JOIN in client.get(planted["live"].url).content.decode()
    client.logout()

    for _ in range(2):  # a miss, then a hit
        response = client.get(planted["live"].url)
        assert JOIN not in response.content.decode()
    assert response["X-Page-Cache"] == "hit"
    cache.clear()


@pytest.mark.django_db
def test_public_calendar_files_say_to_join_from_the_webinar_page(client, planted):
    live = planted["live"]
    ics = client.get(f"{live.url}event.ics").content.decode().replace("\r\n ", "")
    assert f"LOCATION:{live.full_url}" in ics
    html = client.get(planted["upcoming"].url).content.decode()
    assert "calendar.google.com" in html
    assert "my-event.ics" not in html, "visitors are not offered the members' calendar file"


@pytest.mark.django_db
def test_a_confirmed_member_gets_a_personal_calendar_file_with_the_join_link(client, planted):
    upcoming = planted["upcoming"]
    client.force_login(make_member("lucia"))

    assert f"{upcoming.url}my-event.ics" in client.get(upcoming.url).content.decode()
    response = client.get(f"{upcoming.url}my-event.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f"LOCATION:{JOIN}2" in response.content.decode().replace("\r\n ", "")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_personal_calendar_file_is_refused_to_visitors_and_unconfirmed_accounts(client, planted):
    url = f"{planted['upcoming'].url}my-event.ics"

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")

    client.force_login(make_member("newcomer", confirmed=False))
    response = client.get(url)
    assert response.status_code == 403
    assert "joinzq7token" not in response.content.decode()
    assert "confirm your email address" in response.content.decode()
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_the_search_index_holds_no_members_only_field(planted):
    indexed = " ".join(
        f"{title} {autocomplete} {body}"
        for title, autocomplete, body in IndexEntry.objects.values_list("title", "autocomplete", "body")
    )
    # SQLite keeps the text, PostgreSQL its lexemes ('visibl'): a substring test fits both.
    assert "visibl" in indexed, "the control: visible comments are indexed"
    assert [token for token in TOKENS if token in indexed] == []
    assert DialogueComment.objects.filter(comment__contains=PENDING).exists()


def test_no_indexed_model_declares_a_members_only_field_for_search():
    """Whatever a model marks ``members_only_fields`` is in none of its search or filter fields."""
    checked = 0
    for model in index.get_indexed_models():
        members_only = set(getattr(model, "members_only_fields", ()))
        if members_only:
            checked += 1
            indexed = {field.field_name for field in model.get_search_fields()}
            assert not members_only & indexed, model
    assert checked, "the control: at least the webinar page declares its members-only fields"
