"""Staff run a dialogue from the admin, in a real browser: plan a new one from an earlier one,
follow its checklist, announce it to the members, and draft its report from the moderators' picks."""

import re
import zoneinfo
from datetime import date

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from dialogue_pages.discussion import moderation
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialoguePage, DialogueReportPage, WebinarPage, WeeklyQuestionPage
from tests.factories import add_comment

from .test_staff_journeys import admin_log_in, make_account

pytestmark = pytest.mark.browser
User = get_user_model()


def seventh_of_next_month(today):
    return date(today.year + today.month // 12, today.month % 12 + 1, 7)


def test_staff_plan_a_dialogue_from_the_7th_announce_it_and_draft_its_report(demo_site, page):
    earlier = DialoguePage.objects.get(number=7, locale__language_code="en")
    make_account("ella", "ella@example.org", display_name="Ella", groups=["Editors", "Announcement senders"])
    admin_log_in(page, "ella")

    # From the earlier dialogue's page in the admin: “New dialogue from this one”.
    page.goto(f"/admin/pages/{earlier.pk}/edit/")
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="New dialogue from this one").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New dialogue from this one")
    expect(page.locator("#id_number")).to_have_value("8")

    start = seventh_of_next_month(timezone.localdate())
    page.locator("#id_start_date").fill(start.isoformat())
    page.keyboard.press("Escape")
    page.locator("#id_title").fill("Next dialogue on training for gender equality")
    # Copying a dozen pages and starting their Spanish and French translations takes a few
    # seconds on a busy machine.
    page.get_by_role("button", name="Create the new dialogue").click(timeout=120_000)

    # It lands on the new dialogue's checklist, which says what is missing and links each fix.
    expect(page).to_have_url(re.compile(r"/admin/dialogue-planning/\d+/checklist/$"), timeout=120_000)
    expect(page.get_by_text("was created as a draft")).to_be_visible()
    dialogue = DialoguePage.objects.get(number=8, locale__language_code="en")
    assert not dialogue.live and dialogue.slug == "virtual-dialogue-8"
    assert timezone.localtime(dialogue.start_at).date() == start
    weeks = WeeklyQuestionPage.objects.child_of(dialogue).order_by("week_number")
    assert [week.week_number for week in weeks] == [1, 2, 3]
    assert timezone.localtime(weeks[0].opens_at).date() == start
    english_webinar = WebinarPage.objects.child_of(dialogue).get(slug="webinar-english")
    earlier_webinar = WebinarPage.objects.child_of(earlier).get(slug="webinar-english")
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert (
        english_webinar.starts_at.astimezone(new_york).time() == earlier_webinar.starts_at.astimezone(new_york).time()
    )
    assert english_webinar.join_url == ""
    assert dialogue.get_translation_or_none(earlier.get_translations().first().locale) is not None

    checklist = page.get_by_role("main")
    expect(checklist).to_contain_text("things are still missing before the dialogue opens")
    join_links = checklist.locator("li").filter(has_text="Every webinar still to come has its join link")
    expect(join_links).to_contain_text(f"{english_webinar.title} has no join link")
    expect(checklist).to_contain_text("is not published")
    expect(checklist).to_contain_text("in Spanish is a draft")

    # Fix one: add the join link to the English webinar, then come back.
    join_links.get_by_role("link", name=f"fix it ({english_webinar.title} has no join link)").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{english_webinar.pk}/edit/$"))
    page.locator("#id_join_url").fill("https://meet.example.org/sample-join-link")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()
    page.goto(f"/admin/dialogue-planning/{dialogue.pk}/checklist/")
    expect(page.get_by_role("main")).not_to_contain_text(f"{english_webinar.title} has no join link")

    # Once published (Wagtail's own publish screen, covered by the staff journeys), she announces it
    # to the members from the same page: write, preview, then send.
    dialogue.refresh_from_db()
    dialogue.save_revision(user=User.objects.get(username="ella")).publish()
    page.goto(f"/admin/pages/{dialogue.pk}/edit/")
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Announce by email").click()
    page.get_by_role("link", name="New announcement").click()
    page.locator("#id_subject_en").fill("The next dialogue opens on the 7th")
    page.locator("#id_body_en").fill("Three weeks of questions and two webinars: join us.")
    page.get_by_role("button", name="Save and preview").click()
    # Each language previewed (Spanish and French fall back to the English text here).
    expect(page.get_by_text("Three weeks of questions and two webinars: join us.")).to_have_count(3)
    page.get_by_label(re.compile("I have checked the preview")).check()
    page.get_by_role("button", name="Send to members").click()
    expect(page.locator("[data-progress]")).to_contain_text(re.compile(r"Sent to (\d+) of \1 members \(100%\)"))
    announced = [message for message in mail.outbox if message.subject == "The next dialogue opens on the 7th"]
    assert announced and all(f"/{dialogue.slug}/" in message.body for message in announced)

    # The dialogue runs (simulated): members comment, a moderator picks two comments, hides a third.
    author = make_account("nadia", "nadia@example.org", display_name="Nadia")
    moderator = make_account("mo", "mo@example.org", groups=[DISCUSSION_MODERATORS_GROUP])
    week = weeks[0]
    question = week.questions[0].id
    picked = add_comment(week, author, "Our trainers learned to question their own assumptions.", question_id=question)
    reply = add_comment(week, author, "Follow-up sessions kept the change going.", parent=picked)
    hidden = add_comment(week, author, "Words a moderator later hid.", question_id=question)
    for comment in (picked, reply, hidden):
        moderation.highlight(comment, moderator)
    moderation.hide(hidden, moderator, "Off topic")

    page.goto(f"/admin/dialogue-planning/{dialogue.pk}/checklist/")
    page.get_by_role("main").get_by_role("link", name="Draft the report").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft the report")
    expect(page.get_by_role("main")).to_contain_text("quotes the 2 moderators’ picks")
    page.get_by_role("main").get_by_role("button", name="Draft the report").click()

    report = DialogueReportPage.objects.child_of(dialogue).get()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{report.pk}/edit/$"))
    expect(page.get_by_text("The report’s draft quotes 2 moderators’ picks")).to_be_visible()
    editor = page.locator("#page-edit-form")
    expect(editor.get_by_text("Quoted comment")).to_have_count(2)  # the body's blocks are drawn by script
    written = " ".join(editor.locator("textarea, input[type=text]").evaluate_all("fields => fields.map(f => f.value)"))
    assert "Our trainers learned to question their own assumptions." in written
    assert "Follow-up sessions kept the change going." in written
    assert "Words a moderator later hid." not in written
    assert not report.live
