"""A webinar across its whole life, as the home page, its dialogue's page and its own page show it."""

from datetime import timedelta

import pytest

from django.utils import timezone

from .factories import DialoguePageFactory, WebinarPageFactory, make_member

# minutes from now to the start, and what each page says then
PHASES = {
    "announced": (3 * 24 * 60, False),
    "joining soon": (10, False),
    "live": (-20, True),
    "ended": (-120, False),
}


@pytest.fixture
def dialogue(dialogue_index):
    now = timezone.now()
    return DialoguePageFactory(
        parent=dialogue_index, start_at=now - timedelta(days=5), end_at=now + timedelta(days=15)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("phase", PHASES)
def test_home_and_dialogue_pages_follow_the_webinar_through_its_life(client, home, dialogue, phase):
    minutes, live = PHASES[phase]
    WebinarPageFactory(
        parent=dialogue,
        title="Panel on training",
        starts_at=timezone.now() + timedelta(minutes=minutes),
        duration_minutes=60,
        join_url="https://meet.example.org/j/life",
    )

    home_html = client.get(home.url).content.decode()
    dialogue_html = client.get(dialogue.url).content.decode()

    listed_on_home = phase != "ended"
    assert ("Panel on training" in home_html) is listed_on_home
    assert ("No webinar is scheduled at the moment." in home_html) is not listed_on_home
    for html in (home_html, dialogue_html):
        assert ("Live now" in html) is live
        assert "meet.example.org" not in html, "the join link is the webinar page's, for members"
    assert "Panel on training" in dialogue_html


@pytest.mark.django_db
def test_a_recorded_webinar_moves_from_upcoming_to_the_latest_recordings(client, home, dialogue):
    WebinarPageFactory(
        parent=dialogue,
        title="Recorded panel",
        starts_at=timezone.now() - timedelta(days=2),
        recording_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    html = client.get(home.url).content.decode()
    upcoming, recordings = html.split('id="webinars-heading"', 1)[1].split('id="recordings-heading"', 1)
    assert "Recorded panel" not in upcoming
    assert "Recorded panel" in recordings


@pytest.mark.django_db
def test_during_a_live_webinar_a_member_finds_the_join_link_from_the_home_page(client, home, dialogue):
    webinar = WebinarPageFactory(
        parent=dialogue,
        starts_at=timezone.now() - timedelta(minutes=5),
        join_url="https://meet.example.org/j/now",
    )
    client.force_login(make_member("lucia"))

    home_html = client.get(home.url).content.decode()
    assert f"{webinar.url}#join-heading" in home_html
    assert "https://meet.example.org/j/now" in client.get(webinar.url).content.decode()
