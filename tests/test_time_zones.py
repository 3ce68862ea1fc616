"""Webinar times are shown in the zones staff choose, with the abbreviation right for the date."""

from datetime import UTC, datetime

import pytest

from django.core.exceptions import ValidationError

from dialogue_pages.timezones import in_time_zones, time_zone_choices, validate_time_zone

from .factories import DialoguePageFactory, WebinarPageFactory, add_time_zone

ENGLISH_WEBINAR = datetime(2016, 9, 6, 13, 0, tzinfo=UTC)  # 9:00 am EDT/AST, 15:00 in Central Europe


def test_the_english_webinar_reads_0900_edt_ast_and_1500_cest():
    times = in_time_zones(ENGLISH_WEBINAR, ["America/New_York", "America/Santo_Domingo", "Europe/Paris"])
    assert [(t.local.strftime("%H:%M"), t.abbreviation) for t in times] == [
        ("09:00", "EDT"),
        ("09:00", "AST"),
        ("15:00", "CEST"),
    ]
    assert times[0].place == "New York"


def test_abbreviations_follow_daylight_saving():
    winter = datetime(2016, 12, 6, 14, 0, tzinfo=UTC)
    times = in_time_zones(winter, ["America/New_York", "Europe/Paris"])
    assert [(t.local.strftime("%H:%M"), t.abbreviation) for t in times] == [("09:00", "EST"), ("15:00", "CET")]


def test_the_weeks_when_only_europe_has_left_summer_time():
    # Europe left summer time on 30 October 2016, the United States only on 6 November.
    between = datetime(2016, 10, 31, 13, 0, tzinfo=UTC)
    times = in_time_zones(between, ["America/New_York", "America/Santo_Domingo", "Europe/Paris"])
    assert [(t.local.strftime("%H:%M"), t.abbreviation) for t in times] == [
        ("09:00", "EDT"),
        ("09:00", "AST"),
        ("14:00", "CET"),
    ]


def test_unknown_zones_are_skipped_and_refused_in_forms():
    assert in_time_zones(ENGLISH_WEBINAR, ["Mars/Olympus_Mons"]) == []
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus_Mons")
    validate_time_zone("Europe/Paris")
    assert ("America/New_York", "America/New York") in time_zone_choices()


def test_webinar_page_shows_each_chosen_zone(client, dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index)
    webinar = WebinarPageFactory(parent=dialogue, starts_at=ENGLISH_WEBINAR)
    for zone in ["America/New_York", "America/Santo_Domingo", "Europe/Paris"]:
        add_time_zone(webinar, zone)
    html = client.get(webinar.url).content.decode()
    assert "09:00 EDT" in html
    assert "09:00 AST" in html
    assert "15:00 CEST" in html
    assert 'datetime="2016-09-06T13:00:00+00:00"' in html
