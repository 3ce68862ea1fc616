"""The recordings archive: every recorded webinar, newest first, filterable by language, dialogue and year."""

import re
from datetime import UTC, datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogue_pages.models import RecordingsArchivePage

from .factories import DialoguePageFactory, WebinarPageFactory


@pytest.fixture
def archive(dialogue_index):
    return dialogue_index.add_child(instance=RecordingsArchivePage(title="Recordings", slug="recordings"))


def dialogue_in(dialogue_index, year, title):
    return DialoguePageFactory(
        parent=dialogue_index,
        title=title,
        start_at=datetime(year, 9, 1, tzinfo=UTC),
        end_at=datetime(year, 9, 21, tzinfo=UTC),
    )


def recording(dialogue, title, when, language="en", **fields):
    fields.setdefault("recording_url", "https://vimeo.com/123456789")
    return WebinarPageFactory(parent=dialogue, title=title, starts_at=when, language=language, **fields)


@pytest.fixture
def recordings(dialogue_index):
    old = dialogue_in(dialogue_index, 2016, "Compendium")
    new = dialogue_in(dialogue_index, 2018, "Resistances")
    recording(old, "Old English", datetime(2016, 9, 6, 13, tzinfo=UTC))
    recording(old, "Old Spanish", datetime(2016, 9, 8, 13, tzinfo=UTC), language="es")
    recording(new, "New English", datetime(2018, 9, 4, 13, tzinfo=UTC))
    recording(new, "Not recorded yet", datetime(2018, 9, 6, 13, tzinfo=UTC), recording_url="")
    draft = recording(new, "Draft recording", datetime(2018, 9, 7, 13, tzinfo=UTC))
    draft.unpublish()
    return {"old": old, "new": new}


def titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


@pytest.mark.django_db
def test_lists_live_recorded_webinars_newest_first(client, archive, recordings):
    response = client.get(archive.url)
    assert titles(response) == ["New English", "Old Spanish", "Old English"]
    assert "3 recordings" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=es", ["Old Spanish"]),
        ("year=2016", ["Old Spanish", "Old English"]),
        ("year=2016&language=en", ["Old English"]),
        ("dialogue={new}", ["New English"]),
        ("dialogue={new}&year=2016", []),
    ],
)
def test_filters_combine(client, archive, recordings, query, expected):
    response = client.get(f"{archive.url}?{query.format(new=recordings['new'].pk)}")
    assert titles(response) == expected
    if not expected:
        assert "No recording matches these filters." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["language=xx", "year=abc", "dialogue=999999", "dialogue=%3Cscript%3E", "year=99999"]
)
def test_bad_filter_values_are_ignored_with_a_message(client, archive, recordings, query):
    response = client.get(f"{archive.url}?{query}")
    assert response.status_code == 200
    assert titles(response) == ["New English", "Old Spanish", "Old English"]
    assert "Some filters were not understood and have been ignored" in response.content.decode()
    assert "<script>" not in response.content.decode()


def select_values(html, name):
    """The option values of the form's ``<select name="name">`` (not another select's page ids)."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.mark.django_db
def test_the_form_shows_only_choices_with_recordings_and_keeps_the_state(client, archive, recordings):
    html = client.get(f"{archive.url}?year=2018").content.decode()
    assert '<option value="2018" selected>2018</option>' in html
    assert select_values(html, "year") == ["", "2018", "2016"]
    assert select_values(html, "language") == ["", "en", "es"]


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, archive, dialogue_index):
    dialogue = dialogue_in(dialogue_index, 2016, "Busy")
    for day in range(1, 15):
        recording(dialogue, f"Webinar {day:02d}", datetime(2016, 9, day, 13, tzinfo=UTC))
    first = client.get(f"{archive.url}?year=2016")
    assert len(titles(first)) == 12
    assert 'href="?year=2016&amp;page=2"' in first.content.decode()
    assert titles(client.get(f"{archive.url}?year=2016&page=2")) == ["Webinar 02", "Webinar 01"]
    assert client.get(f"{archive.url}?page=abc").status_code == 200


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_recordings(client, archive, dialogue_index):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(archive.url).status_code == 200
        return len(context)

    dialogue = dialogue_in(dialogue_index, 2016, "One")
    recording(dialogue, "A", datetime(2016, 9, 1, 13, tzinfo=UTC))
    count()  # the first request warms the site and locale caches
    few = count()
    for day in range(2, 12):
        recording(
            dialogue_in(dialogue_index, 2000 + day, f"D{day}"), f"W{day}", datetime(2000 + day, 9, 1, tzinfo=UTC)
        )
    assert count() == few


@pytest.mark.django_db
def test_the_dialogue_index_links_to_the_archive(client, archive, dialogue_index):
    assert f'href="{archive.url}"' in client.get(dialogue_index.url).content.decode()
    archive.unpublish()
    assert f'href="{archive.url}"' not in client.get(dialogue_index.url).content.decode()
