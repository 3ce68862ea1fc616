"""“Draft the report”: a dialogue's report drafted from the moderators' visible picks."""

from datetime import date

import pytest

from django.urls import reverse

from dialogue_pages.discussion import moderation
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialogueReportPage
from dialogue_pages.planning.report_draft import draft_report

from .factories import DialogueReportPageFactory, WeeklyQuestionPageFactory, add_comment, make_member, make_week

TODAY = date(2016, 9, 20)


@pytest.fixture
def moderator(db):
    return make_member("mona", groups=[DISCUSSION_MODERATORS_GROUP])


@pytest.fixture
def dialogue(week):
    return week.get_parent().specific


@pytest.fixture
def picks(week, dialogue, moderator):
    """Week 1: a pick on each question, a reply picked under the first, an anonymous member's pick,
    a former member's pick, a pick later hidden, one awaiting approval, one not picked; week 2: one pick."""
    practice, criteria = (block.id for block in week.questions)
    second_week = WeeklyQuestionPageFactory(parent=dialogue, title="Online learning", week_number=2)
    ana, ben = make_member("ana"), make_member("ben")
    ana.display_name = "Ana"
    ana.save()
    ben.display_name, ben.quote_anonymously = "Ben", True
    ben.save()
    gone = make_member("gone")
    comments = {
        "ana": add_comment(week, ana, "Training must change attitudes.", question_id=practice),
        "criteria": add_comment(week, ana, "Criteria come from the context.", question_id=criteria),
        "general": add_comment(week, gone, "Bonjour à tous.", language="fr"),
        "hidden": add_comment(week, ana, "Later hidden words.", question_id=criteria),
        "not picked": add_comment(week, ana, "Nobody picked this.", question_id=practice),
        "week 2": add_comment(second_week, ana, "Webinars reach people.", language="es"),
    }
    comments["ben"] = add_comment(week, ben, "Estoy de acuerdo.", language="es", parent=comments["ana"])
    for key in ("ana", "ben", "criteria", "general", "hidden", "week 2"):
        moderation.highlight(comments[key], moderator)
    moderation.hide(comments["hidden"], moderator, "Off topic")
    comments["pending"] = add_comment(week, ana, "Awaiting words.", is_public=False, highlighted=True)
    gone.delete()
    return comments


def quotes(page):
    return [block.value for block in page.body if block.block_type == "comment_quote"]


def outline(page):
    """The draft's headings, question paragraphs and quoted words, in order."""
    parts = []
    for block in page.body:
        if block.block_type == "heading":
            parts.append(f"# {block.value}")
        elif block.block_type == "paragraph" and "<b>" in block.value.source:
            parts.append(f"## {block.value.source.split('<b>')[1].split('</b>')[0]}")
        elif block.block_type == "comment_quote":
            parts.append(block.value["text"])
    return parts


def test_the_draft_quotes_the_visible_picks_by_week_and_question(dialogue, picks, moderator):
    report, count = draft_report(dialogue, moderator, TODAY)

    draft = report.get_latest_revision_as_object()
    assert not report.live and isinstance(report, DialogueReportPage)
    assert report.get_parent().pk == dialogue.pk
    assert count == 5
    assert outline(draft) == [
        f"# Week 1: {picks['ana'].content_object.title}",
        "## What is a good practice?",
        "Training must change attitudes.",
        "Estoy de acuerdo.",
        "## What are the criteria?",
        "Criteria come from the context.",
        "## General discussion",
        "Bonjour à tous.",
        "# Week 2: Online learning",
        "## General discussion",
        "Webinars reach people.",
    ]


def test_only_visible_picks_are_quoted(dialogue, picks, moderator):
    report, _count = draft_report(dialogue, moderator, TODAY)

    texts = [quote["text"] for quote in quotes(report.get_latest_revision_as_object())]
    assert "Later hidden words." not in texts
    assert "Awaiting words." not in texts
    assert "Nobody picked this." not in texts


def test_each_quote_has_its_author_as_the_member_chose_its_language_and_its_comment(dialogue, picks, moderator):
    report, _count = draft_report(dialogue, moderator, TODAY)

    by_text = {quote["text"]: quote for quote in quotes(report.get_latest_revision_as_object())}
    assert (by_text["Training must change attitudes."]["author"], by_text["Estoy de acuerdo."]["author"]) == (
        "Ana",
        "",
    ), "Ben asked to be quoted anonymously"
    assert by_text["Bonjour à tous."]["author"] == "", "a former member is anonymous"
    assert by_text["Estoy de acuerdo."]["language"] == "es"
    assert by_text["Estoy de acuerdo."]["comment_id"] == picks["ben"].pk


def test_the_published_report_shows_the_quotes_with_links_back_in_the_readers_language(
    dialogue, picks, moderator, client
):
    report, _count = draft_report(dialogue, moderator, TODAY)
    report.get_latest_revision().publish()
    dialogue.save_revision().publish()

    html = client.get(report.url).content.decode()

    assert f'href="/en/discussion/comment/{picks["ana"].pk}/#c{picks["ana"].pk}"' in html
    assert "— Ana, in English" in html
    assert "— a participant, in Spanish" in html
    assert 'lang="es"' in html
    assert "Later hidden words." not in html


def test_an_existing_report_gets_a_new_draft_and_its_published_text_stays(dialogue, picks, moderator):
    report = DialogueReportPageFactory(parent=dialogue, title="Synthesis", summary="Published summary.")
    report.body = [("paragraph", "<p>Published synthesis.</p>")]
    report.save_revision().publish()
    revisions = report.revisions.count()

    drafted, count = draft_report(dialogue, moderator, TODAY)

    assert drafted.pk == report.pk and count == 5
    report.refresh_from_db()
    assert report.live and report.has_unpublished_changes
    assert [block.block_type for block in report.body] == ["paragraph"], "the live page is unchanged"
    assert report.revisions.count() == revisions + 1
    draft = report.get_latest_revision_as_object()
    assert draft.summary == "Published summary."
    assert len(quotes(draft)) == 5


def test_staff_draft_the_report_from_the_admin(dialogue, picks, client):
    editor = make_member("ella", groups=["Editors"])
    client.force_login(editor)
    url = reverse("dialogue_planning:draft_report", args=[dialogue.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert 'data-pick-count="5"' in page.content.decode()

    response = client.post(url)

    report = DialogueReportPage.objects.child_of(dialogue).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[report.pk])
    assert report.get_latest_revision().user == editor


def test_a_dialogue_without_picks_gets_a_draft_with_only_the_note(dialogue_index, moderator):
    empty = make_week(dialogue_index).get_parent().specific

    report, count = draft_report(empty, moderator, TODAY)

    assert count == 0
    assert [block.block_type for block in report.get_latest_revision_as_object().body] == ["paragraph"]


def test_members_and_moderators_without_page_permissions_may_not_draft(dialogue, picks, client, moderator):
    url = reverse("dialogue_planning:draft_report", args=[dialogue.pk])
    for user in (make_member("plain"), moderator):
        client.force_login(user)
        for response in (client.get(url), client.post(url)):
            location = response.get("Location", "")
            assert response.status_code == 403 or "/login/" in location or location.rstrip("/").endswith("/admin")
    assert not DialogueReportPage.objects.exists()
