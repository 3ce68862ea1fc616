"""A webinar before it happens: planned around, added to a calendar, accessible."""

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from django.utils import timezone

from dialogue_pages.models import DialoguePage

from ..factories import WebinarPageFactory, add_time_zone
from .axe import assert_no_blocking_violation

pytestmark = pytest.mark.browser


@pytest.fixture
def upcoming_webinar(demo_site):
    dialogue = DialoguePage.objects.get(number=7, locale__language_code="en")
    webinar = WebinarPageFactory(
        parent=dialogue,
        title="Upcoming webinar",
        slug="upcoming-webinar",
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=30),
        join_url="https://meet.example.org/room",
    )
    add_time_zone(webinar, "Europe/Paris")
    return webinar


def test_visitor_downloads_the_webinars_calendar_file(upcoming_webinar, page):
    page.goto(upcoming_webinar.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming webinar")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Calendar file (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "upcoming-webinar.ics"
    with open(download.path(), "rb") as handle:
        (event,) = Calendar.from_ical(handle.read()).walk("VEVENT")
    assert event.decoded("dtstart") == upcoming_webinar.starts_at
    # A public file: it says to join from the webinar's page, never the members' join link.
    assert str(event["location"]) == upcoming_webinar.full_url
    google = page.get_by_role("link", name="Google Calendar")
    expect(google).to_have_attribute("href", re.compile(r"^https://calendar\.google\.com/calendar/render\?"))


def test_upcoming_webinar_page_has_no_serious_accessibility_violation(upcoming_webinar, page):
    page.goto(upcoming_webinar.url)
    assert_no_blocking_violation(page, upcoming_webinar.url)
