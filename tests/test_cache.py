"""Anonymous visitors get cached pages, purged when the page or its discussion changes; members never do."""

from datetime import timedelta

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from dialogue_pages.discussion import moderation
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialogueComment
from dialogue_pages.models.dialogues import cache_seconds_until_change
from dialogue_pages.signals import page_content_changed

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory, add_comment, make_member, make_week
from .test_discussion import POST_URL, form_data


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(client, week):
    first = get(client, week.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, week.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")
    assert len(queries) == 0


@pytest.mark.django_db
def test_anonymous_pages_set_no_cookie_so_they_can_be_shared(client, week, home):
    for url in [home.url, week.get_parent().url, week.url]:
        response = get(client, url)
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert response["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_new_comment_purges_the_page_and_visitors_see_it(client, week, member, django_capture_on_commit_callbacks):
    get(client, week.url)
    assert get(client, week.url)["X-Page-Cache"] == "hit"
    member_client = type(client)()
    member_client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(POST_URL, form_data(week, text="Fresh from the field."))
    response = get(client, week.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh from the field." in response.content.decode()


@pytest.mark.django_db
def test_moderating_a_comment_purges_the_page(client, week, member, django_capture_on_commit_callbacks):
    comment = add_comment(week, member, "Something rude")
    assert "Something rude" in get(client, week.url).content.decode()
    moderator = make_member("mo", groups=[DISCUSSION_MODERATORS_GROUP])
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(comment, moderator, "Rude")
    html = get(client, week.url).content.decode()
    assert "Something rude" not in html


@pytest.mark.django_db
def test_a_comment_purges_the_translations_and_ancestors_but_not_other_pages(
    client, dialogue_index, member, django_capture_on_commit_callbacks
):
    week = make_week(dialogue_index)
    other_week = WeeklyQuestionPageFactory(
        parent=week.get_parent(), opens_at=week.opens_at, closes_at=week.closes_at, week_number=2
    )
    dialogue = week.get_parent()
    for url in [week.url, other_week.url, dialogue.url]:
        get(client, url)
    comment = add_comment(week, member, "New")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.highlight(comment, make_member("mo", groups=[DISCUSSION_MODERATORS_GROUP]))
    assert get(client, week.url)["X-Page-Cache"] == "miss"
    assert get(client, dialogue.url)["X-Page-Cache"] == "miss"
    assert get(client, other_week.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_publishing_any_page_purges_every_page(client, week, home):
    get(client, home.url)
    get(client, week.url)
    dialogue = week.get_parent().specific
    dialogue.title = "A renamed dialogue"
    dialogue.save_revision().publish()
    home_response = get(client, home.url)
    assert home_response["X-Page-Cache"] == "miss"
    assert get(client, week.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_unpublishing_and_deleting_purge(client, dialogue_index, week):
    get(client, dialogue_index.url)
    other = DialoguePageFactory(parent=dialogue_index, title="Gone soon")
    other.save_revision().publish()
    assert "Gone soon" in get(client, dialogue_index.url).content.decode()
    other.unpublish()
    assert "Gone soon" not in get(client, dialogue_index.url).content.decode()
    get(client, dialogue_index.url)
    week.get_parent().delete()
    assert get(client, dialogue_index.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_page_content_changed_purges_that_page(client, week):
    get(client, week.url)
    page_content_changed.send(sender=None, page=week)
    assert get(client, week.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_members_always_get_a_fresh_page(client, week, member):
    get(client, week.url)
    DialogueComment.objects.create(
        content_object=week, site_id=1, user=member, comment="Written behind the cache's back", is_public=True
    )
    client.force_login(member)
    response = get(client, week.url)
    assert "X-Page-Cache" not in response
    assert "Written behind the cache's back" in response.content.decode()
    client.logout()
    assert "Written behind the cache's back" not in get(client, week.url).content.decode()


@pytest.mark.django_db
def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, week, member):
    get(client, week.url)
    client.force_login(member)
    client.post("/en/accounts/logout/")  # "You have signed out." waits for the next page
    response = get(client, week.url)
    assert "X-Page-Cache" not in response
    assert "You have signed out." in response.content.decode()
    assert get(client, week.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_private_pages_are_never_cached(client, week):
    PageViewRestriction.objects.create(page=week, restriction_type=PageViewRestriction.PASSWORD, password="x")
    client.get(week.url)
    assert "X-Page-Cache" not in client.get(week.url)


@pytest.mark.django_db
def test_a_page_can_ask_not_to_be_cached(client, week, monkeypatch):
    monkeypatch.setattr(type(week), "anonymous_cache_seconds", lambda self, request: 0, raising=False)
    get(client, week.url)
    assert "X-Page-Cache" not in get(client, week.url)


@pytest.mark.django_db
def test_the_cache_is_off_when_disabled(client, week, settings):
    settings.PAGE_CACHE_ENABLED = False
    get(client, week.url)
    assert "X-Page-Cache" not in get(client, week.url)


@pytest.mark.django_db
def test_a_week_is_cached_no_longer_than_until_it_opens_or_closes(dialogue_index, rf):
    week = make_week(dialogue_index)
    now = timezone.now()
    week.opens_at = now + timedelta(seconds=42)
    assert 40 <= week.anonymous_cache_seconds(rf.get("/")) <= 42
    week.opens_at, week.closes_at = now - timedelta(days=1), now - timedelta(seconds=1)
    assert week.anonymous_cache_seconds(rf.get("/")) <= 300
    week.dialogue.end_at = now + timedelta(seconds=90)
    assert 88 <= week.anonymous_cache_seconds(rf.get("/")) <= 90
    assert week.get_parent().specific.anonymous_cache_seconds(rf.get("/")) <= 300


def test_cache_lifetime_follows_the_next_change():
    now = timezone.now()
    assert cache_seconds_until_change([], now) == 300
    assert cache_seconds_until_change([now - timedelta(hours=1)], now) == 300
    assert cache_seconds_until_change([now + timedelta(seconds=10.2), now + timedelta(hours=1)], now) == 11
    assert cache_seconds_until_change([now + timedelta(hours=2)], now) == 300
