"""The RSS feeds: valid RSS 2.0 per language, a podcast of recordings, a dialogue's visible comments.

Unique tokens are planted in everything a visitor may not read (a draft and a private
dialogue, a draft recording, pending and hidden comments, a member's email address, a
webinar's join link and live stream); no feed may contain one, while a visible
comment's text does appear: the control that proves the search for tokens can fail.
"""

import xml.etree.ElementTree as ET

import pytest

from wagtail.models import PageViewRestriction

from .factories import DialoguePageFactory, WebinarPageFactory, add_comment, make_member, make_week

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"

VISIBLE = "ctrlzq8token"
DRAFT = "drftzq8token"
PRIVATE = "privzq8token"
DRAFT_RECORDING = "drecordzq8token"
PENDING = "pendzq8token"
HIDDEN = "hidezq8token"
EMAIL = "mailzq8token"
JOIN = "https://meet.example.org/j/joinzq8token"
STREAM = "https://www.youtube.com/watch?v=strmzq8tkn1"
HIDDEN_TOKENS = [DRAFT, PRIVATE, DRAFT_RECORDING, PENDING, HIDDEN, EMAIL, "joinzq8token", "strmzq8tkn1"]


@pytest.fixture
def planted(dialogue_index, sample_media):
    """A public dialogue (a week, a recorded webinar, comments) beside a draft and a private one."""
    week = make_week(dialogue_index)
    dialogue = week.get_parent().specific
    recording = WebinarPageFactory(
        parent=dialogue,
        title="Panel on resistances",
        introduction="<p>The panel discussed resistances &amp; allies.</p>",
        recording_media=sample_media,
        transcript="[00:00:01] Ana: Welcome to the panel.\n[00:00:05] Clara: Storytelling helped the facilitators.",
        join_url=JOIN,
        live_stream_url=STREAM,
    )
    WebinarPageFactory(parent=dialogue, title=f"Draft {DRAFT_RECORDING}", recording_media=sample_media, live=False)
    author = make_member("author")
    author.email = f"{EMAIL}@example.org"
    author.display_name = "Ana Author"
    author.save()
    visible = add_comment(week, author, f"A visible comment {VISIBLE}")
    add_comment(week, author, f"Waiting for approval {PENDING}", is_public=False)
    add_comment(week, author, f"Hidden by a moderator {HIDDEN}", is_removed=True)

    draft = DialoguePageFactory(parent=dialogue_index, title=f"Draft {DRAFT}", live=False)
    private_week = make_week(dialogue_index, title=f"Private {PRIVATE}")
    private = private_week.get_parent().specific
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    add_comment(private_week, author, f"On a private page {PRIVATE}")
    return {
        "week": week,
        "dialogue": dialogue,
        "recording": recording,
        "visible": visible,
        "author": author,
        "draft": draft,
        "private": private,
    }


def feed(client, url):
    """The parsed RSS document at ``url``, checked to be RSS 2.0 with one channel."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted input)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    (channel,) = rss.findall("channel")
    for element in ("title", "link", "description", "language"):
        assert channel.findtext(element), element
    return channel


def feed_urls(planted):
    dialogue = planted["dialogue"]
    return [
        "/en/feeds/dialogues/",
        "/en/feeds/recordings/",
        f"/en/feeds/dialogues/{dialogue.pk}/comments/",
        "/es/feeds/dialogues/",
        "/es/feeds/recordings/",
        f"/es/feeds/dialogues/{dialogue.pk}/comments/",
    ]


@pytest.mark.django_db
def test_dialogues_feed_lists_live_public_dialogues_of_the_readers_language(client, planted):
    channel = feed(client, "/en/feeds/dialogues/")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [planted["dialogue"].title]
    (item,) = channel.findall("item")
    assert item.findtext("link") == "http://testserver" + planted["dialogue"].url
    assert item.findtext("pubDate")
    assert channel.findtext("language") == "en"

    # Nothing has been translated into Spanish yet: the Spanish feed lists the English dialogue,
    # linked under /es/ (where it is shown with a notice), not left out.
    spanish = feed(client, "/es/feeds/dialogues/")
    (item,) = spanish.findall("item")
    assert spanish.findtext("language") == "es"
    assert item.findtext("title") == planted["dialogue"].title
    assert item.findtext("link") == "http://testserver" + planted["dialogue"].url.replace("/en/", "/es/", 1)
    assert client.get(item.findtext("link").removeprefix("http://testserver")).status_code == 200
    # No French page exists at all: the French feed still lists it, under /fr/.
    (item,) = feed(client, "/fr/feeds/dialogues/").findall("item")
    assert item.findtext("link").startswith("http://testserver/fr/")


@pytest.mark.django_db
def test_recordings_feed_is_a_podcast_with_enclosures_itunes_tags_and_the_transcript(client, planted):
    channel = feed(client, "/en/feeds/recordings/")
    assert channel.findtext(f"{ITUNES}author")
    assert channel.find(f"{ITUNES}category").get("text")
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    (item,) = channel.findall("item")
    assert item.findtext("title") == "Panel on resistances"
    media = planted["recording"].recording_media
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == "http://testserver" + media.url
    assert enclosure.get("length") == str(media.file.size) and int(enclosure.get("length")) > 0
    assert enclosure.get("type") == "audio/x-wav"
    assert item.findtext(f"{ITUNES}duration") == "0:00:02"
    assert item.findtext(f"{ITUNES}summary") == "The panel discussed resistances & allies."
    assert item.findtext("description") == "The panel discussed resistances & allies."
    assert item.findtext(f"{ITUNES}explicit") == "false"
    assert "Storytelling helped the facilitators." in item.findtext(f"{CONTENT}encoded")


@pytest.mark.django_db
def test_comments_feed_lists_visible_comments_by_public_name_linking_to_the_comment(client, planted):
    channel = feed(client, f"/en/feeds/dialogues/{planted['dialogue'].pk}/comments/")
    (item,) = channel.findall("item")
    visible = planted["visible"]
    assert VISIBLE in item.findtext("description")
    # The comment's own link, which lands on the page of the thread that holds it.
    assert item.findtext("link") == f"http://testserver/en/discussion/comment/{visible.pk}/#c{visible.pk}"
    assert client.get(f"/en/discussion/comment/{visible.pk}/")["Location"] == f"{planted['week'].url}#c{visible.pk}"
    assert "Ana Author" in item.findtext("title")
    # Django writes an author without an email address as dc:creator, never <author>.
    assert item.find("author") is None
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ana Author"


@pytest.mark.django_db
def test_a_draft_or_private_dialogues_comments_feed_is_not_found(client, planted):
    for dialogue in (planted["draft"], planted["private"]):
        assert client.get(f"/en/feeds/dialogues/{dialogue.pk}/comments/").status_code == 404
    assert client.get("/en/feeds/dialogues/999999/comments/").status_code == 404


@pytest.mark.django_db
def test_no_feed_leaks_hidden_content(client, planted):
    outputs = {url: client.get(url).content.decode() for url in feed_urls(planted)}
    assert VISIBLE in outputs[f"/en/feeds/dialogues/{planted['dialogue'].pk}/comments/"]  # the control
    for url, text in outputs.items():
        for token in HIDDEN_TOKENS:
            assert token not in text, (url, token)


@pytest.mark.django_db
def test_pages_link_their_feeds(client, planted):
    html = client.get(planted["week"].url).content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/en/feeds/recordings/"' in html and 'href="/en/feeds/dialogues/"' in html
    assert f'href="/en/feeds/dialogues/{planted["dialogue"].pk}/comments/"' in html
