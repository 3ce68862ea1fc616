"""Webinars and dialogues serve valid iCalendar files at <page url>event.ics and calendar.ics."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from wagtail.models import PageViewRestriction

from .factories import DialoguePageFactory, WebinarPageFactory, WeeklyQuestionPageFactory

START = datetime(2016, 9, 6, 13, 0, tzinfo=UTC)


@pytest.fixture
def dialogue(dialogue_index):
    return DialoguePageFactory(parent=dialogue_index, title="Compendium", slug="compendium")


@pytest.fixture
def webinar(dialogue):
    return WebinarPageFactory(
        parent=dialogue,
        title="Webinar (English)",
        slug="webinar-english",
        starts_at=START,
        duration_minutes=60,
        introduction="<p>Panellists present their <b>good practice</b>.</p>",
        join_url="https://meet.example.org/room",
    )


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


@pytest.mark.django_db
def test_webinar_event_ics_is_a_valid_rfc5545_event(client, webinar):
    response = client.get(webinar.url + "event.ics")
    assert 'filename="webinar-english.ics"' in response["Content-Disposition"]
    (event,) = events(response)
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == datetime(2016, 9, 6, 14, 0, tzinfo=UTC)
    assert str(event["summary"]) == "Webinar (English) – Compendium"
    assert "good practice" in str(event["description"]) and "<b>" not in str(event["description"])
    assert str(event["url"]) == webinar.full_url  # the site's canonical address
    assert str(event["location"]) == webinar.full_url  # where members join; the join link is theirs only
    assert str(event["uid"]) == f"webinar-{webinar.translation_key}@localhost"
    assert events(client.get(webinar.url + "event.ics"))[0]["uid"] == event["uid"]  # stable


@pytest.mark.django_db
def test_dialogue_calendar_holds_its_webinars_and_week_openings(client, dialogue, webinar):
    WeeklyQuestionPageFactory(parent=dialogue, title="Week 1", week_number=1)
    WebinarPageFactory(parent=dialogue, title="Draft webinar", live=False)
    summaries = sorted(str(event["summary"]) for event in events(client.get(dialogue.url + "calendar.ics")))
    assert summaries == ["Webinar (English) – Compendium", "Week 1 opens – Compendium"]


@pytest.mark.django_db
def test_calendar_urls_that_do_not_fit_are_404(client, dialogue, webinar):
    assert client.get(dialogue.url + "event.ics").status_code == 404
    assert client.get(webinar.url + "calendar.ics").status_code == 404
    assert client.get("/en/no-such-page/event.ics").status_code == 404
    assert client.post(webinar.url + "event.ics").status_code == 405


@pytest.mark.django_db
def test_private_or_draft_pages_serve_no_calendar(client, dialogue, webinar):
    draft = WebinarPageFactory(parent=dialogue, live=False)
    assert client.get(draft.url_path.replace("/home", "/en", 1) + "event.ics").status_code == 404
    PageViewRestriction.objects.create(page=webinar, restriction_type="login")
    assert client.get(webinar.url + "event.ics").status_code == 404


@pytest.mark.django_db
def test_webinar_page_offers_the_calendar_downloads(client, dialogue):
    upcoming = WebinarPageFactory(parent=dialogue, starts_at=datetime(2099, 1, 1, tzinfo=UTC))
    html = client.get(upcoming.url).content.decode()
    assert f'href="{upcoming.url}event.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20990101T000000Z%2F20990101T010000Z" in html
    assert f'href="{dialogue.url}calendar.ics"' in client.get(dialogue.url).content.decode()
