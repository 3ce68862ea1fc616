"""Moderators export a dialogue's discussion (CSV, JSON, Markdown) and read its participation figures."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue_pages.discussion import moderation
from dialogue_pages.discussion.exports import COLUMNS, DialogueDiscussion
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialogueComment

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory

MONDAY = datetime(2016, 8, 29, 9, 0, tzinfo=UTC)


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def post(week, user, text, parent=None, hours=0, **fields):
    return DialogueComment.objects.create(
        content_object=week,
        site_id=1,
        user=user,
        user_name=getattr(user, "username", "someone"),
        comment=text,
        language=fields.pop("language", "en"),
        parent_id=parent.pk if parent else 0,
        submit_date=MONDAY + timedelta(hours=hours),
        **fields,
    )


@pytest.fixture
def dialogue(dialogue_index):
    return DialoguePageFactory(
        parent=dialogue_index, number=7, title="Training for gender equality", slug="gender-equality"
    )


@pytest.fixture
def weeks(dialogue):
    first = WeeklyQuestionPageFactory(
        parent=dialogue,
        title="Good practices",
        week_number=1,
        questions=[
            ("question", {"question": "What is a good practice?", "note": ""}),
            ("question", {"question": "How do you measure results?", "note": ""}),
        ],
    )
    second = WeeklyQuestionPageFactory(
        parent=dialogue,
        title="Online learning",
        week_number=2,
        questions=[("question", {"question": "Do webinars work?", "note": ""})],
    )
    return first, second


@pytest.fixture
def moderator(db):
    return make_user("mona", group=DISCUSSION_MODERATORS_GROUP, display_name="Mona")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def discussion(weeks, moderator):
    """A small discussion: a highlighted comment with a reply, a hidden one, a former member's, and week 2's."""
    first, second = weeks
    good_practice, results = (block.id for block in first.questions)
    ana = make_user("ana", display_name="Ana", organisation="Women's Centre", country="KE")
    ben = make_user("ben", display_name="Ben", organisation="Universidad", country="PE")
    cleo = make_user("cleo", display_name="Cleo", country="KE")
    gone = make_user("gone", display_name="Gone")

    top = post(first, ana, "Training must change attitudes,\nnot only knowledge.", question_id=good_practice)
    reply = post(first, ben, "Estoy de acuerdo.", parent=top, hours=1, language="es")
    hidden = post(first, cleo, "Buy cheap watches here.", question_id=results, hours=2)
    former = post(first, gone, "Bonjour à tous.", hours=3, language="fr")
    gone.delete()  # the account goes; the comment stays, by a former member
    pending = post(second, ana, '=HYPERLINK("http://example.com")', hours=30, is_public=False)
    deleted = post(second, ben, "Never mind.", hours=31, is_removed=True, deleted_by_author=True)

    moderation.highlight(top, moderator)
    moderation.hide(hidden, moderator, "Advertising")
    for liker in (ben, cleo):
        CommentFlag.objects.create(comment=top, user=liker, flag=LIKEDIT_FLAG)
    CommentFlag.objects.create(comment=hidden, user=ana, flag=CommentFlag.SUGGEST_REMOVAL)
    return {
        "top": top,
        "reply": reply,
        "hidden": hidden,
        "former": former,
        "pending": pending,
        "deleted": deleted,
    }


def export_url(dialogue, file_format):
    return reverse("dialogue_moderation:export", args=[dialogue.pk, file_format])


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


@pytest.mark.django_db
def test_the_csv_export_holds_every_comment_in_every_state(dialogue, discussion, moderator_client):
    response = moderator_client.get(export_url(dialogue, "csv"))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dialogue-7-gender-equality-discussion.csv"'
    text = content_of(response)
    assert text.startswith("\ufeff")  # spreadsheets then read accents as UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == COLUMNS
    top, reply, hidden, former, pending, deleted = (discussion[key] for key in discussion)
    assert [row["id"] for row in rows] == [str(c.pk) for c in (top, reply, hidden, former, pending, deleted)]
    assert rows[0] == {
        "id": str(top.pk),
        "week": "1",
        "question": "What is a good practice?",
        "thread_id": str(top.pk),
        "level": "0",
        "position": "1",
        "parent_id": "",
        "author": "Ana",
        "organisation": "Women's Centre",
        "language": "en",
        "submitted": "2016-08-29T09:00:00Z",
        "reactions": "2",
        "flags": "0",
        "state": "published",
        "highlighted": "true",
        "text": "Training must change attitudes,\nnot only knowledge.",
    }
    # A reply answers its thread's question.
    assert (rows[1]["parent_id"], rows[1]["level"], rows[1]["position"]) == (str(top.pk), "1", "2")
    assert (rows[1]["question"], rows[1]["language"], rows[1]["author"]) == ("What is a good practice?", "es", "Ben")
    assert (rows[2]["state"], rows[2]["flags"], rows[2]["text"]) == ("hidden", "1", "Buy cheap watches here.")
    assert (rows[3]["author"], rows[3]["organisation"], rows[3]["question"]) == ("former member", "", "")
    assert (rows[4]["week"], rows[4]["state"], rows[4]["question"]) == ("2", "pending", "")
    assert rows[4]["text"] == '\'=HYPERLINK("http://example.com")'  # never run as a spreadsheet formula
    assert rows[5]["state"] == "deleted"


@pytest.mark.django_db
def test_the_json_export_has_the_comments_and_the_participation_figures(dialogue, discussion, moderator_client):
    response = moderator_client.get(export_url(dialogue, "json"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dialogue-7-gender-equality-discussion.json"'
    document = json.loads(response.content)
    assert document["dialogue"]["number"] == 7
    assert document["dialogue"]["title"] == "Training for gender equality"
    comments = document["comments"]
    assert len(comments) == 6
    top = comments[0]
    assert (top["week"], top["reactions"], top["highlighted"], top["parent_id"]) == (1, 2, True, None)
    assert comments[1]["parent_id"] == discussion["top"].pk
    assert comments[2]["state"] == "hidden"
    assert comments[4]["text"] == '=HYPERLINK("http://example.com")'  # JSON keeps the text as written
    assert document["participation"]["comments"] == 3


@pytest.mark.django_db
def test_participation_figures_count_published_comments(dialogue, discussion):
    figures = DialogueDiscussion(dialogue).participation()

    assert figures["comments"] == 3  # Ana's, Ben's reply and the former member's
    assert figures["participants"] == 2  # Ana and Ben; a former member is not counted
    assert figures["states"] == {"published": 3, "pending": 1, "hidden": 1, "deleted": 1}
    first, second = figures["weeks"]
    assert (first["week"], first["comments"], first["participants"], first["general"]) == (1, 3, 2, 1)
    assert [(q["question"], q["comments"]) for q in first["questions"]] == [
        ("What is a good practice?", 2),
        ("How do you measure results?", 0),
    ]
    assert (second["comments"], second["questions"][0]["comments"]) == (0, 0)
    assert [(row["country"], row["participants"], row["region"]) for row in figures["countries"]] == [
        ("Kenya", 1, "Africa"),
        ("Peru", 1, "Americas"),
    ]
    assert figures["country_count"] == 2
    assert [(row["language"], row["comments"]) for row in figures["languages"]] == [("en", 1), ("es", 1), ("fr", 1)]


@pytest.mark.django_db
def test_the_markdown_export_reads_week_by_week_and_question_by_question(dialogue, discussion, moderator_client):
    response = moderator_client.get(export_url(dialogue, "md"))

    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dialogue-7-gender-equality-discussion.md"'
    text = content_of(response)
    assert text.startswith("# 7th Virtual Dialogue: Training for gender equality\n")
    order = [
        "## Week 1: Good practices",
        "### What is a good practice?",
        "- **Ana** (Women's Centre) · 2016-08-29 09:00 UTC · en · moderator's pick · 2 likes",
        "  Training must change attitudes,\n  not only knowledge.",
        "  - **Ben** (Universidad) · 2016-08-29 10:00 UTC · es",
        "    Estoy de acuerdo.",
        "### How do you measure results?",
        "- [removed by a moderator]",
        "### General",
        "- **former member** · 2016-08-29 12:00 UTC · fr",
        "## Week 2: Online learning",
        "### Do webinars work?",
        "*No comments.*",
        "### General",
        "awaiting approval",
        "- [deleted by its author]",
    ]
    position = 0
    for part in order:
        position = text.index(part, position) + len(part)  # each part after the one before
    assert "Buy cheap watches" not in text
    assert "Never mind." not in text
    assert "Kenya" not in text and "Peru" not in text, "a member's country is never shown beside their comment"


@pytest.mark.django_db
def test_the_participation_page_shows_the_figures_and_the_exports(dialogue, discussion, moderator_client):
    response = moderator_client.get(reverse("dialogue_moderation:dialogue", args=[dialogue.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-figure="comments">3</dd>' in html
    assert '<dd data-figure="participants">2</dd>' in html
    assert '<dd data-figure="countries">2</dd>' in html
    assert "How do you measure results?" in html and "Français" in html
    for file_format in ("csv", "json", "md"):
        assert export_url(dialogue, file_format) in html


@pytest.mark.django_db
def test_the_dialogue_list_links_each_dialogues_figures_and_exports(dialogue, discussion, moderator_client):
    queue = moderator_client.get(reverse("dialogue_moderation:index")).content.decode()
    assert reverse("dialogue_moderation:dialogues") in queue

    html = moderator_client.get(reverse("dialogue_moderation:dialogues")).content.decode()

    assert reverse("dialogue_moderation:dialogue", args=[dialogue.pk]) in html
    assert "7th Virtual Dialogue: Training for gender equality" in html
    assert [int(cell) for cell in cells_after(html, "Training for gender equality", 5)] == [2, 3, 2, 1, 1]
    assert export_url(dialogue, "md") in html


def cells_after(html, marker, count):
    """The text of the ``count`` table cells that follow the cell containing ``marker``."""
    row = html[html.index(marker) :]
    cells = row.split("<td>")[1 : count + 1]
    return [cell.split("</td>")[0].strip() for cell in cells]


@pytest.mark.django_db
def test_only_moderators_may_export(dialogue, discussion, client):
    url = export_url(dialogue, "csv")
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(make_user("eddie", group="Editors"))
    response = client.get(url)
    assert (response.status_code, response.url) == (302, "/admin/")
    client.force_login(make_user("member"))
    assert "/admin/login/" in client.get(url).url


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "json", "md"])
def test_an_export_costs_the_same_queries_for_5_or_50_comments(file_format, dialogue, weeks, moderator_client):
    authors = [make_user(f"author{n}", country=code) for n, code in enumerate(["KE", "PE", "MX", "FR", "IT"])]

    def add_comments(count):
        """``count`` comments over both weeks, every third a reply, each with a like."""
        thread = None
        for n in range(count):
            if n % 3 == 2:
                comment = post(thread.content_object, authors[n % 5], f"Reply {n}", parent=thread)
            else:
                comment = thread = post(weeks[n % 2], authors[n % 5], f"Comment {n}")
            CommentFlag.objects.create(comment=comment, user=authors[(n + 1) % 5], flag=LIKEDIT_FLAG)

    def queries_for_export():
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(export_url(dialogue, file_format))
            content_of(response)  # a streamed export queries while it is read
        assert response.status_code == 200
        return len(queries)

    add_comments(5)
    queries_for_export()  # caches (content types, the default locale) warm up on the first request
    few = queries_for_export()
    add_comments(45)
    assert DialogueComment.objects.count() == 50
    many = queries_for_export()

    assert many == few, (few, many)
