"""What staff do in the Wagtail admin, in a real browser: moderate a discussion, add and translate a week.

Accounts are made in the test (the test settings create no demo account). The admin links to pages through
``WAGTAILADMIN_BASE_URL`` (http://testserver in the tests), so the public pages are opened by their path.
"""

import csv
import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialoguePage, WeeklyQuestionPage
from tests.factories import add_comment

from .helpers import open_week, path_of

pytestmark = pytest.mark.browser

PASSWORD = "a-long-staff-test-password-42"
DEMO_DIALOGUE = "/en/dialogues/compendium-of-good-practices/"


def make_account(username, email, display_name="", groups=(), superuser=False):
    """An account with a confirmed email address, optionally in ``groups`` or a superuser."""
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, email, PASSWORD, display_name=display_name)
    else:
        user = User.objects.create_user(username, email, PASSWORD, display_name=display_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
        assert user.groups.count() == len(groups), f"missing groups among {groups}"
    return user


def admin_log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_moderator_approves_hides_and_exports_a_discussion(demo_site, page):
    dialogue, week = open_week(
        "Moderated dialogue on training evaluation",
        "Week 1: Evaluating training",
        ["How do you evaluate a training?"],
        premoderate_comments=True,
    )
    week_path = path_of(week)
    author = make_account("lucia", "lucia@example.org", display_name="Lucía")
    make_account("moderator", "moderator@example.org", display_name="Mo", groups=[DISCUSSION_MODERATORS_GROUP])
    waiting_text = "Our pre- and post-training surveys showed a clear change."
    rude_text = "This whole dialogue is a waste of time, and so are you."
    waiting = add_comment(week, author, waiting_text, is_public=False)
    rude = add_comment(week, author, rude_text)

    # Before moderation, visitors see the published comment only.
    page.goto(week_path)
    thread = page.locator("section#discussion")
    expect(thread).to_contain_text(rude_text)
    expect(thread).not_to_contain_text(waiting_text)

    admin_log_in(page, "moderator")
    page.get_by_role("button", name="Dialogues", exact=True).click()
    page.get_by_role("link", name="Comment moderation", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/dialogue-moderation/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Discussion moderation")
    queues = page.get_by_role("navigation", name="Moderation queues")
    expect(queues.get_by_role("link", name=re.compile(r"^Awaiting approval"))).to_have_attribute(
        "aria-current", "page"
    )
    expect(queues.get_by_role("link", name=re.compile(r"^Awaiting approval"))).to_contain_text("(1)")

    row = page.locator(f"tr#comment-{waiting.pk}")
    expect(row).to_contain_text(waiting_text)
    expect(row).to_contain_text("Lucía")
    expect(row).to_contain_text(week.title)
    expect(page.locator(f"tr#comment-{rude.pk}")).to_have_count(0)
    row.get_by_role("button", name=f"Approve #{waiting.pk}").click()
    expect(page.get_by_text(f"Comment #{waiting.pk} by Lucía approved.")).to_be_visible()
    expect(page.get_by_text("Nothing here: no comment is waiting.")).to_be_visible()

    # Hide the other one, from the published queue, with a reason.
    queues.get_by_role("link", name=re.compile(r"^Published")).click()
    row = page.locator(f"tr#comment-{rude.pk}")
    expect(row).to_contain_text(rude_text)
    row.get_by_text("Hide…").click()
    row.get_by_label("Reason for hiding (required)").fill("Personal attack on other members.")
    row.get_by_role("button", name=f"Hide #{rude.pk}").click()
    expect(page.get_by_text(f"Comment #{rude.pk} by Lucía hidden.")).to_be_visible()
    queues.get_by_role("link", name=re.compile(r"^Hidden")).click()
    row = page.locator(f"tr#comment-{rude.pk}")
    expect(row).to_contain_text("Personal attack on other members.")
    expect(row).to_contain_text("by Mo")

    # The public page shows the approved comment, and a notice where the hidden one was.
    page.goto(week_path)
    thread = page.locator("section#discussion")
    expect(thread.locator("li.comment").filter(has_text=waiting_text).locator(".comment__author")).to_have_text(
        "Lucía"
    )
    expect(thread.locator(f"li#c{rude.pk}")).to_have_text("This comment was removed by a moderator.")
    expect(thread).not_to_contain_text(rude_text)

    # The dialogue's discussion, downloaded as CSV.
    page.goto("/admin/dialogue-moderation/")
    page.get_by_role("link", name="Dialogues: participation and exports").click()
    dialogue_row = page.locator("table.listing tbody tr").filter(has_text=dialogue.title)
    expect(dialogue_row).to_have_count(1)
    with page.expect_download() as download_info:
        dialogue_row.get_by_role("link", name=re.compile(r"^CSV")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    with open(download.path(), encoding="utf-8-sig", newline="") as exported:
        text = exported.read()
    assert waiting_text in text
    assert rude_text in text, "exports hold every comment in every state"
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 2, rows


def test_editor_adds_a_week_and_translates_it_into_spanish(demo_site, page):
    dialogue = DialoguePage.objects.get(number=7, locale__language_code="en")
    make_account("editor", "editor@example.org", superuser=True)
    admin_log_in(page, "editor")

    page.goto(f"/admin/pages/add/dialogue_pages/weeklyquestionpage/{dialogue.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("weekly question page", re.IGNORECASE))
    # Wagtail's own form: its fields are found by their ids (the labels also hold help and "required" marks).
    page.locator("#id_title").fill("Week 4: Looking ahead")
    page.locator("#id_week_number").fill("4")
    page.locator("#id_opens_at").fill("2030-01-01 00:00")
    page.keyboard.press("Escape")
    page.locator("#id_closes_at").fill("2030-01-08 00:00")
    page.keyboard.press("Escape")
    expect(page.locator("#id_slug")).to_have_value("week-4-looking-ahead")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_text("created and published")).to_be_visible()
    week = WeeklyQuestionPage.objects.get(title="Week 4: Looking ahead")
    assert week.live
    assert week.get_parent().pk == dialogue.pk
    assert week.opens_at.year == 2030

    page.goto(f"{DEMO_DIALOGUE}week-4-looking-ahead/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Week 4: Looking ahead")

    page.goto(f"/admin/localize/submit/page/{week.pk}/")
    page.get_by_label("Español").check()
    page.get_by_role("button", name="Submit").click()

    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    spanish = WeeklyQuestionPage.objects.filter(translation_key=week.translation_key, locale__language_code="es")
    assert spanish.exists()
    assert page.url.rstrip("/").endswith(f"/admin/pages/{spanish.get().pk}/edit")
    # wagtail-localize's translation editor, English to Spanish, with the title's segment to translate.
    expect(page).to_have_title(re.compile(r"^Translation of Week 4: Looking ahead into Español"))
    expect(page.locator(".header-meta--locales")).to_contain_text(re.compile(r"English\s+Español"))
    expect(page.get_by_text("Week 4: Looking ahead").first).to_be_visible()

    # The new translation is a draft: nothing English goes live as Spanish. Until a translator
    # publishes it, the Spanish address shows the English week, saying so.
    assert not spanish.get().live
    spanish_dialogue = dialogue.get_translation(spanish.get().locale)
    page.goto(f"{path_of(spanish_dialogue)}week-4-looking-ahead/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Week 4: Looking ahead")
    expect(page.get_by_role("note")).to_contain_text("no se ha traducido")
    expect(page.locator("main")).to_have_attribute("lang", "en")
