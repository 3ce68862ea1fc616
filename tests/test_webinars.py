"""Webinars: the join link and live stream, audience questions, recordings, captions, transcripts, JSON-LD."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import AudienceQuestion, WebinarCaption, WebinarChapter
from dialogue_pages.recordings import embed_for
from dialogue_pages.signals import page_content_changed
from dialogue_pages.transcripts import format_timestamp, parse_timestamp, parse_transcript

from .factories import DialoguePageFactory, WebinarPageFactory, add_panellist, make_member

Status = AudienceQuestion.Status


@pytest.fixture
def dialogue(dialogue_index):
    now = timezone.now()
    return DialoguePageFactory(
        parent=dialogue_index, start_at=now - timedelta(days=5), end_at=now + timedelta(days=15)
    )


def webinar_starting_in(dialogue, minutes, **fields):
    return WebinarPageFactory(parent=dialogue, starts_at=timezone.now() + timedelta(minutes=minutes), **fields)


@pytest.fixture
def member(db):
    return make_member("lucia")


@pytest.fixture
def moderator(db):
    return make_member("moira", groups=[DISCUSSION_MODERATORS_GROUP])


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# Transcripts and chapters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:00:05", 5), ("1:02:03", 3723), ("12:30", 750), ("0:59", 59), ("99:00", None), ("1:2:3", None), ("", None)],
)
def test_timestamps_parse_as_players_write_them(text, seconds):
    assert parse_timestamp(text) == seconds


def test_timestamps_format_like_a_player():
    assert format_timestamp(5) == "0:05"
    assert format_timestamp(3723) == "1:02:03"


def test_transcript_lines_carry_their_moment_and_speaker():
    lines = parse_transcript(
        "[00:00:03] Moderator: Welcome, everyone.\n\n"
        "A line without a time belongs to the one before.\n"
        "[1:05] We begin: ratios are 3:1 here.\n"
        "[00:02:00]   \n"
    )
    assert [(line.seconds, line.speaker, line.text) for line in lines] == [
        (3, "Moderator", "Welcome, everyone."),
        (None, "", "A line without a time belongs to the one before."),
        (65, "We begin", "ratios are 3:1 here."),
    ]
    assert lines[0].timestamp == "0:03"


def test_chapter_times_are_validated(dialogue):
    chapter = WebinarChapter(page=webinar_starting_in(dialogue, -600), timestamp="5 minutes", title="Opening")
    with pytest.raises(ValidationError) as error:
        chapter.full_clean()
    assert "timestamp" in error.value.message_dict


@pytest.mark.django_db
def test_chapters_and_transcript_jump_to_their_moment_of_the_uploaded_recording(client, dialogue, sample_media):
    webinar = webinar_starting_in(
        dialogue,
        -600,
        recording_media=sample_media,
        transcript="[00:00:04] Ana: Second point.\n[00:00:01] Ana: First point.",
    )
    WebinarChapter.objects.create(page=webinar, timestamp="00:20", title="Questions", sort_order=0)
    WebinarChapter.objects.create(page=webinar, timestamp="00:02", title="Opening", sort_order=1)
    html = client.get(webinar.url).content.decode()
    chapters = re.findall(
        r'<a href="([^"]+)" data-seek="(\d+)"><time datetime="PT\d+S">([\d:]+)</time></a> (\w+)', html
    )
    assert chapters == [
        (f"{sample_media.url}#t=2", "2", "0:02", "Opening"),
        (f"{sample_media.url}#t=20", "20", "0:20", "Questions"),
    ]
    assert f'href="{sample_media.url}#t=4" data-seek="4"' in html
    assert html.index("Second point.") < html.index("First point.")  # the transcript keeps the staff's order


# External players behind a facade --------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/123456789", "https://player.vimeo.com/video/123456789?dnt=1"),
        ("https://example.org/video.mp4", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("", None),
    ],
)
def test_embed_addresses_are_derived_only_for_known_players(url, embed):
    found = embed_for(url)
    assert (found.url if found else None) == embed


@pytest.mark.django_db
def test_an_external_recording_loads_nothing_from_the_provider_until_asked(client, dialogue):
    webinar = webinar_starting_in(dialogue, -600, recording_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    html = client.get(webinar.url).content.decode()
    assert "<iframe" not in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html  # works without JavaScript
    assert "Play the video (loads the YouTube player)" in html


# The join link and the live stream --------------------------------------------------------


def join_state(client, webinar):
    html = client.get(webinar.url).content.decode()
    return webinar.join_url in html, "data-embed-src" in html


@pytest.mark.django_db
@override_settings(WEBINAR_JOIN_LINK_OPENS_MINUTES=30)
@pytest.mark.parametrize(
    ("starts_in", "member_sees"),
    [(90, (False, False)), (20, (True, False)), (-10, (True, True)), (-61, (False, False))],
)
def test_join_link_and_stream_reach_confirmed_members_only_from_shortly_before_the_start(
    client, dialogue, member, starts_in, member_sees
):
    webinar = webinar_starting_in(
        dialogue,
        starts_in,
        join_url="https://meet.example.org/j/123",
        live_stream_url="https://www.youtube.com/live/dQw4w9WgXcQ",
    )
    assert join_state(client, webinar) == (False, False)
    client.force_login(make_member("unconfirmed", confirmed=False))
    assert join_state(client, webinar) == (False, False)
    client.force_login(member)
    assert join_state(client, webinar) == member_sees


# Audience questions ------------------------------------------------------------------------


def ask(client, webinar, text="How do you measure change in attitudes?"):
    return client.post(reverse("webinar-ask", args=[webinar.pk]), {"text": text})


@pytest.mark.django_db
def test_member_question_waits_for_the_moderator_then_shows_once_asked(client, dialogue, member, moderator):
    webinar = webinar_starting_in(dialogue, -5)
    client.force_login(member)
    response = ask(client, webinar)
    assert response.status_code == 302 and response["Location"].endswith("#questions")
    question = AudienceQuestion.objects.get()
    assert (question.status, question.author, question.webinar_id) == (Status.PENDING, member, webinar.pk)
    client.logout()
    assert "How do you measure change" not in client.get(webinar.url).content.decode()

    client.force_login(moderator)
    queue = client.get(reverse("webinar_questions:webinar", args=[webinar.pk]), follow=True)
    assert "How do you measure change" in queue.content.decode()
    client.post(reverse("webinar_questions:moderate", args=[question.pk, "asked"]))
    client.logout()
    page = client.get(webinar.url).content.decode()
    assert "How do you measure change" in page and "Asked" in page
    fragment = client.get(reverse("webinar-questions", args=[webinar.pk])).content.decode()
    assert "How do you measure change" in fragment


@pytest.mark.django_db
def test_declined_questions_stay_off_the_page(client, dialogue, member, moderator):
    webinar = webinar_starting_in(dialogue, -5)
    AudienceQuestion.objects.create(webinar=webinar, author=member, text="Off-topic question", status=Status.ASKED)
    client.force_login(moderator)
    question = AudienceQuestion.objects.get()
    client.post(reverse("webinar_questions:moderate", args=[question.pk, "declined"]))
    question.refresh_from_db()
    assert (question.status, question.moderated_by) == (Status.DECLINED, moderator)
    client.logout()
    assert "Off-topic question" not in client.get(webinar.url).content.decode()


@pytest.mark.django_db
def test_a_decision_tells_the_page_caches(client, dialogue, member, moderator, django_capture_on_commit_callbacks):
    webinar = webinar_starting_in(dialogue, -5)
    question = AudienceQuestion.objects.create(webinar=webinar, author=member, text="Q")
    changed = []
    page_content_changed.connect(lambda sender, page, **kw: changed.append(page.pk), weak=False, dispatch_uid="t")
    try:
        client.force_login(moderator)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("webinar_questions:moderate", args=[question.pk, "answered"]))
    finally:
        page_content_changed.disconnect(dispatch_uid="t")
    assert changed == [webinar.pk]


@pytest.mark.django_db
def test_visitors_are_sent_to_log_in_and_unconfirmed_accounts_refused(client, dialogue):
    webinar = webinar_starting_in(dialogue, -5)
    response = ask(client, webinar)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_member("unconfirmed", confirmed=False))
    response = ask(client, webinar, "My kept question")
    assert response.status_code == 403
    assert "confirm your email" in response.content.decode() and "My kept question" in response.content.decode()
    assert not AudienceQuestion.objects.exists()


@pytest.mark.django_db
@override_settings(WEBINAR_QUESTIONS_OPEN_MINUTES=60)
@pytest.mark.parametrize(("starts_in", "message"), [(120, "Questions to the panel open on"), (-61, "has ended")])
def test_questions_outside_the_window_are_refused_and_the_text_kept(client, dialogue, member, starts_in, message):
    webinar = webinar_starting_in(dialogue, starts_in)
    client.force_login(member)
    response = ask(client, webinar, "Kept text")
    assert response.status_code == 403
    assert message in response.content.decode() and "Kept text" in response.content.decode()
    assert not AudienceQuestion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "error"), [("x" * 501, "at most 500"), ("   ", "This field is required"), ("a\x00b", "Null")]
)
def test_empty_too_long_or_hostile_questions_get_a_clear_error(client, dialogue, member, text, error):
    webinar = webinar_starting_in(dialogue, -5)
    client.force_login(member)
    response = ask(client, webinar, text)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not AudienceQuestion.objects.exists()


@pytest.mark.django_db
@override_settings(WEBINAR_QUESTION_RATE_LIMIT=2)
def test_question_rate_limit(client, dialogue, member):
    webinar = webinar_starting_in(dialogue, -5)
    client.force_login(member)
    assert [ask(client, webinar, f"Question {n}").status_code for n in range(3)] == [302, 302, 403]
    assert AudienceQuestion.objects.count() == 2


@pytest.mark.django_db
def test_question_urls_refuse_wrong_methods_and_missing_or_private_webinars(client, dialogue, member):
    webinar = webinar_starting_in(dialogue, -5)
    client.force_login(member)
    assert client.get(reverse("webinar-ask", args=[webinar.pk])).status_code == 405
    assert client.post(reverse("webinar-questions", args=[webinar.pk])).status_code == 405
    assert ask(client, type("Missing", (), {"pk": 999999})()).status_code == 404
    PageViewRestriction.objects.create(page=webinar, restriction_type=PageViewRestriction.LOGIN)
    assert ask(client, webinar).status_code == 404
    assert client.get(reverse("webinar-questions", args=[webinar.pk])).status_code == 404
    webinar.unpublish()
    assert client.get(reverse("webinar-questions", args=[webinar.pk])).status_code == 404


@pytest.mark.django_db
def test_only_moderators_reach_the_question_queue(client, dialogue, member, moderator):
    webinar = webinar_starting_in(dialogue, -5)
    question = AudienceQuestion.objects.create(webinar=webinar, author=member, text="Q")
    client.force_login(member)
    assert client.get(reverse("webinar_questions:index")).status_code in (302, 403)
    assert client.post(reverse("webinar_questions:moderate", args=[question.pk, "asked"])).status_code in (302, 403)
    question.refresh_from_db()
    assert question.status == Status.PENDING
    client.force_login(moderator)
    listing = client.get(reverse("webinar_questions:index")).content.decode()
    assert webinar.title in listing
    response = client.post(reverse("webinar_questions:moderate", args=[question.pk, "pending"]), follow=True)
    assert "not a decision" in response.content.decode()
    assert client.post(reverse("webinar_questions:moderate", args=[999999, "asked"]), follow=True).status_code == 404


# Structured data ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_json_ld_describes_an_online_event_before_and_a_video_once_recorded(client, dialogue, sample_media):
    webinar = webinar_starting_in(dialogue, 60 * 24, title="Panel </script><b>x</b>")
    add_panellist(webinar, role="Case study")
    data = json_ld(client.get(webinar.url))
    assert [item["@type"] for item in data] == ["Event"]
    event = data[0]
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["name"] == "Panel </script><b>x</b>"
    assert event["organizer"]["@type"] == "Organization"
    assert [person["@type"] for person in event["performer"]] == ["Person"]
    assert datetime.fromisoformat(event["startDate"]) == webinar.starts_at

    webinar.recording_media = sample_media
    webinar.transcript = "[00:00:01] Ana: Hello."
    webinar.save_revision().publish()
    WebinarChapter.objects.create(page=webinar, timestamp="0:01", title="Hello")
    video = json_ld(client.get(webinar.url))[1]
    assert video["@type"] == "VideoObject"
    assert video["contentUrl"].endswith(sample_media.url)
    assert video["hasPart"] == [
        {"@type": "Clip", "name": "Hello", "startOffset": 1, "url": f"{webinar.get_full_url()}?t=1#recording"}
    ]
    assert video["transcript"] == "Ana: Hello."


@pytest.mark.django_db
def test_open_graph_tags(client, dialogue):
    webinar = webinar_starting_in(dialogue, -600, recording_url="https://vimeo.com/123456789")
    html = client.get(webinar.url).content.decode()
    assert '<meta property="og:type" content="video.other">' in html
    assert f'<meta property="og:url" content="http://localhost{webinar.url}">' in html


# Captions ---------------------------------------------------------------------------------


def caption_document(name="captions.vtt", text="WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"):
    return Document.objects.create(title=name, file=ContentFile(text.encode(), name=name))


@pytest.mark.django_db
def test_captions_are_offered_as_tracks_and_served_as_webvtt(client, dialogue, sample_media):
    webinar = webinar_starting_in(dialogue, -600, recording_media=sample_media)
    WebinarCaption.objects.create(page=webinar, language="es", file=caption_document())
    html = client.get(webinar.url).content.decode()
    assert f'<track kind="captions" srclang="es" label="Español" src="{webinar.url}captions-es.vtt">' in html
    response = client.get(f"{webinar.url}captions-es.vtt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.startswith(b"WEBVTT")
    assert client.get(f"{webinar.url}captions-fr.vtt").status_code == 404
    webinar.unpublish()
    assert client.get(f"{webinar.url}captions-es.vtt").status_code == 404


@pytest.mark.django_db
def test_caption_files_must_be_webvtt(dialogue):
    caption = WebinarCaption(page=webinar_starting_in(dialogue, -600), language="en", file=caption_document("x.srt"))
    with pytest.raises(ValidationError):
        caption.clean()


# Cache lifetimes ---------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=300, WEBINAR_LIVE_REFRESH_SECONDS=20, WEBINAR_QUESTIONS_OPEN_MINUTES=60)
def test_a_visitors_copy_lasts_until_the_page_changes_phase(dialogue, rf):
    request = rf.get("/")
    assert webinar_starting_in(dialogue, -5).anonymous_cache_seconds(request) == 20
    assert webinar_starting_in(dialogue, -600).anonymous_cache_seconds(request) == 300
    assert 55 <= webinar_starting_in(dialogue, 62).anonymous_cache_seconds(request) <= 120
    assert webinar_starting_in(dialogue, 24 * 60).anonymous_cache_seconds(request) == 300


def test_phases_follow_the_clock():
    from dialogue_pages.models import WebinarPage, WebinarPhase

    webinar = WebinarPage(starts_at=datetime(2016, 9, 6, 13, tzinfo=UTC), duration_minutes=60)
    assert webinar.phase(datetime(2016, 9, 6, 12, 59, tzinfo=UTC)) == WebinarPhase.UPCOMING
    assert webinar.phase(datetime(2016, 9, 6, 13, tzinfo=UTC)) == WebinarPhase.LIVE
    assert webinar.phase(datetime(2016, 9, 6, 14, tzinfo=UTC)) == WebinarPhase.PAST


@pytest.mark.django_db
def test_transcripts_are_searchable_and_their_excerpts_carry_no_timestamps(client, dialogue):
    webinar = webinar_starting_in(dialogue, -600, transcript="[00:12:30] Clara: storytelling helped the facilitators.")
    response = client.get("/en/search/", {"q": "storytelling"})
    html = response.content.decode()
    assert webinar.title in html
    assert "Clara: <mark>storytelling</mark> helped" in html
    assert "[00:12:30]" not in html


# The questions in the admin -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_question_listing_filters_by_status_and_webinar(client, dialogue, member, moderator):
    first, second = webinar_starting_in(dialogue, -5), webinar_starting_in(dialogue, 60)
    AudienceQuestion.objects.create(webinar=first, author=member, text="Waiting on the first panel")
    AudienceQuestion.objects.create(webinar=first, author=member, text="Asked on the first", status=Status.ASKED)
    AudienceQuestion.objects.create(webinar=second, author=member, text="Waiting on the second panel")
    client.force_login(moderator)
    index = reverse("webinar_questions:index")

    pending = client.get(index, {"status": "pending"}).content.decode()
    assert "Waiting on the first panel" in pending and "Waiting on the second panel" in pending
    assert "Asked on the first" not in pending

    of_second = client.get(reverse("webinar_questions:webinar", args=[second.pk]), follow=True).content.decode()
    assert "Waiting on the second panel" in of_second and "Waiting on the first panel" not in of_second


@pytest.mark.django_db
def test_the_questions_export_as_csv_with_public_names_only(client, dialogue, member, moderator):
    AudienceQuestion.objects.create(webinar=webinar_starting_in(dialogue, -5), author=member, text="Exported question")
    client.force_login(moderator)

    response = client.get(reverse("webinar_questions:index"), {"export": "csv"})

    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("Question,Sent at,Webinar,From,")
    assert "Exported question" in text and member.public_name in text
    assert member.email not in text


@pytest.mark.django_db
def test_the_webinar_shortcut_is_refused_to_an_admin_user_who_does_not_moderate(client, dialogue):
    webinar = webinar_starting_in(dialogue, -5)
    looker = make_member("looker", groups=["Editors"])
    client.force_login(looker)

    for url in (reverse("webinar_questions:webinar", args=[webinar.pk]), reverse("webinar_questions:index")):
        response = client.get(url)
        # Wagtail answers a refused admin view with its dashboard and a message.
        assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
