"""Webinars in a real browser: the recording with captions, chapters and transcript; the privacy facade;
the audience's questions refreshing themselves while a webinar is live; the recordings archive."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from django.conf import settings
from django.test import RequestFactory
from django.utils import timezone

from cms.views import serve_media
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import AudienceQuestion, DialoguePage, WebinarPage
from dialogue_pages.webinars.audience import set_status

from ..factories import WebinarPageFactory, make_member
from .axe import assert_no_blocking_violation
from .helpers import open_week, path_of, sign_in_as

pytestmark = pytest.mark.browser

THIRD_PARTY = re.compile(r"youtube|vimeo|google|ytimg")


def english_webinar():
    return WebinarPage.objects.get(slug="webinar-english", locale__language_code="en")


def serve_media_with_ranges(route, request):
    """Answer the page's media requests through ``cms.views.serve_media``, byte ranges included.

    The live test server serves uploads itself, whole files only; browsers cannot seek
    in a recording without ranges, which any production web server (and ``make run``) gives.
    """
    path = urlparse(request.url).path.removeprefix(settings.MEDIA_URL)
    response = serve_media(RequestFactory().get(request.url, headers=request.headers), path)
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)


SEEKS = """() => {
    window.seeks = [];
    const player = document.querySelector('.recording__player');
    player.addEventListener('seeking', () => window.seeks.push(Math.round(player.currentTime)));
}"""


def test_visitor_follows_the_transcript_through_the_sample_recording(demo_site, page):
    webinar = english_webinar()
    page.route(re.compile(r"/media/media/"), serve_media_with_ranges)
    page.goto(path_of(webinar))
    player = page.locator("video.recording__player")
    expect(player.locator("track")).to_have_count(2)
    expect(page.locator(".local-time").first).to_contain_text("In your time zone:")
    page.wait_for_function("() => document.querySelector('.recording__player').readyState > 0")
    page.evaluate(SEEKS)
    page.locator(".transcript").get_by_role("link", name="0:08").click()
    expect(page).to_have_url(re.compile(r"/webinar-english/$"))  # the script seeks instead of following the link
    page.get_by_role("list").filter(has_text="Sample chapter: what comes next").get_by_role(
        "link", name="0:08"
    ).click()
    page.get_by_role("list").filter(has_text="Sample chapter: what this is").get_by_role("link", name="0:00").click()
    page.wait_for_function("() => window.seeks.length >= 3")
    assert page.evaluate("() => window.seeks")[:3] == [8, 8, 0]
    expect(page.get_by_text("[Demo question] How did the organisations measure change")).to_be_visible()


def test_an_external_player_loads_only_when_the_visitor_asks(demo_site, page):
    webinar = english_webinar()
    webinar.recording_media = None
    webinar.recording_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    webinar.save_revision().publish()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(THIRD_PARTY, lambda route: route.abort())
    page.goto(path_of(webinar))
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if THIRD_PARTY.search(url)]
    expect(page.locator("iframe")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Play the video")).click()
    frame = page.locator("iframe.video-facade__frame")
    expect(frame).to_have_attribute("src", re.compile(r"^https://www\.youtube-nocookie\.com/embed/dQw4w9WgXcQ\?"))
    expect(frame).to_have_attribute("title", webinar.title)


def test_member_asks_during_a_live_webinar_and_sees_the_answer_arrive(demo_site, page, live_server, settings):
    settings.WEBINAR_LIVE_REFRESH_SECONDS = 2
    dialogue = DialoguePage.objects.get(number=7, locale__language_code="en")
    webinar = WebinarPageFactory(
        parent=dialogue,
        title="Live webinar",
        slug="live-webinar",
        starts_at=timezone.now() - timedelta(minutes=10),
        join_url="https://meet.example.org/live",
    )
    member = make_member("sofia")
    sign_in_as(page, member, live_server.url)
    page.goto(path_of(webinar))
    expect(page.get_by_text("Live now")).to_be_visible()
    expect(page.get_by_role("link", name="Join the webinar")).to_have_attribute(
        "href", "https://meet.example.org/live"
    )
    page.get_by_label("Your question to the panel").fill("What would you change if you ran the training again?")
    page.get_by_role("button", name="Send to the moderator").click()
    expect(page.get_by_role("status")).to_contain_text("Your question has gone to the moderator")
    questions = page.locator("#question-list")
    expect(questions).to_contain_text("No question has been put to the panel yet.")

    question = AudienceQuestion.objects.get(webinar=webinar)
    set_status(question, AudienceQuestion.Status.ASKED, make_member("moira", groups=[DISCUSSION_MODERATORS_GROUP]))
    # No reload: the list refreshes itself while the webinar is live.
    expect(questions).to_contain_text("What would you change if you ran the training again?", timeout=10_000)
    expect(questions).to_contain_text("Asked")


def test_recordings_archive_filters_keep_their_state_in_the_url(demo_site, page):
    page.goto("/en/dialogues/recordings/")
    # The 7th dialogue's English webinar and the sample dialogue's past webinar (both with sample recordings).
    expect(page.get_by_role("heading", level=2)).to_have_text("2 recordings")
    page.get_by_role("combobox", name="Language").select_option("en")
    page.get_by_role("combobox", name="Year").select_option("2016")
    page.get_by_role("button", name="Show recordings").click()
    expect(page).to_have_url(re.compile(r"\?language=en&dialogue=&year=2016$"))
    expect(page.get_by_role("combobox", name="Year")).to_have_value("2016")
    expect(page.get_by_role("link", name="Webinar (English)")).to_be_visible()
    page.goto("/en/dialogues/recordings/?language=es")  # a shared link: no Spanish recording yet
    expect(page.get_by_text("No recording matches these filters.")).to_be_visible()
    page.get_by_role("link", name="Show all recordings").click()
    expect(page.get_by_role("link", name="Webinar (English)")).to_be_visible()


@pytest.mark.parametrize("path", ["/en/dialogues/recordings/", "/es/dialogos/grabaciones/"])
def test_recordings_archive_has_no_serious_accessibility_violation(demo_site, page, path):
    page.goto(path)
    assert_no_blocking_violation(page, path)


def test_live_webinar_page_for_a_member_has_no_serious_accessibility_violation(demo_site, page, live_server):
    dialogue, _week = open_week("Live dialogue", "Week 1", ["A question?"])
    webinar = WebinarPageFactory(
        parent=dialogue,
        title="Live panel",
        starts_at=timezone.now() - timedelta(minutes=5),
        join_url="https://meet.example.org/live",
        live_stream_url="https://www.youtube.com/live/dQw4w9WgXcQ",
    )
    sign_in_as(page, make_member("lena"), live_server.url)
    page.route(THIRD_PARTY, lambda route: route.abort())
    page.goto(path_of(webinar))
    expect(page.locator(".video-facade")).to_be_visible()
    assert_no_blocking_violation(page, path_of(webinar))
