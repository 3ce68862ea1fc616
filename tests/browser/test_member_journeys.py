"""What a member of the community does in a real browser: sign in, register, take part in a week's discussion.

The demo dialogue took place in 2016, so its weeks are closed; each test that posts builds an open dialogue
and week of its own under the demo's dialogue index. Accounts are made in the test (the test settings create
no demo account), and emails are read from ``django.core.mail.outbox``: the live server runs in this process
with the locmem email backend.
"""

import re
from urllib.parse import parse_qs, quote, urlparse

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialogueComment
from tests.factories import add_comment

from .helpers import open_week, path_of

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-test-password-42"
QUESTIONS = [
    "Which training methods worked best with mixed groups?",
    "How do you measure a change in attitudes after a training?",
]


def make_member(email, display_name="", groups=()):
    """An account whose primary email address is confirmed: a member of the community."""
    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD, display_name=display_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def log_in(page, email, password=PASSWORD, next_path=None):
    """Sign in on the public site's login page; returns once the login page has been left."""
    url = "/en/accounts/login/"
    if next_path:
        url += f"?next={quote(next_path)}"
    page.goto(url)
    fill_login_form(page, email, password)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def fill_login_form(page, email, password=PASSWORD):
    page.get_by_label(re.compile(r"^Email address or username:?$")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_role("button", name="Sign In").click()


def comment_item(page, text):
    """The thread's entry for the comment whose text contains ``text``."""
    return page.locator("ol.comments > li.comment").filter(has_text=text)


def test_visitor_logs_in_from_an_open_week_and_comes_back_to_it(demo_site, page):
    _dialogue, week = open_week("Open dialogue on gender-responsive training", "Week 1: Methods that work", QUESTIONS)
    make_member("ines@example.org", display_name="Inés")
    week_path = path_of(week)

    page.goto(week_path)
    discussion = page.locator("section#discussion")
    expect(discussion).to_contain_text("Only members of the Community of Practice can take part")
    expect(discussion.get_by_label("Your comment", exact=True)).to_have_count(0)

    discussion.get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    assert parse_qs(urlparse(page.url).query)["next"] == [f"{week_path}#discussion"]

    fill_login_form(page, "ines@example.org")
    expect(page).to_have_url(re.compile(re.escape(week_path) + r"(#discussion)?$"))
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Your profile (Inés)")
    expect(page.locator("section#discussion").get_by_label("Your comment", exact=True)).to_be_visible()


def test_visitor_registers_confirms_their_email_and_edits_their_profile(demo_site, page):
    page.goto("/en/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Register").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/signup/"))

    page.get_by_label(re.compile(r"^Email:?$")).fill("new.member@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page).to_have_url(re.compile(r"/en/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("verify your email", re.IGNORECASE))
    assert [message.to for message in mail.outbox] == [["new.member@example.org"]]
    link = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body)
    assert link, f"no confirmation link in the email:\n{mail.outbox[0].body}"

    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("confirm", re.IGNORECASE))
    expect(page.get_by_role("main")).to_contain_text("new.member@example.org")
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    # Confirming signs the new member in (same browser session as the registration).
    account = page.get_by_role("navigation", name="Account")
    # Nothing of the email address is shown to others: the new member is "Member <number>".
    public_name = re.compile(r"^Your profile \(Member \d+\)$")
    expect(account.get_by_role("link", name=public_name)).to_be_visible()
    expect(account.get_by_role("button", name="Log out")).to_be_visible()
    assert EmailAddress.objects.get(email="new.member@example.org").verified

    account.get_by_role("link", name=public_name).click()
    expect(page).to_have_url(re.compile(r"/en/accounts/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.locator(".page-header .lead")).to_contain_text(re.compile(r"Other members see you as Member \d+"))

    page.get_by_label("Display name").fill("Nadia K.")
    page.get_by_label(re.compile(r"^Organisation:?$")).fill("Training Centre")
    page.get_by_label("Kind of organisation").select_option(label="Grassroots women’s organisation")
    page.get_by_label("Country").select_option(label="Kenya")
    page.get_by_role("button", name="Save profile").click()

    expect(page).to_have_url(re.compile(r"/en/accounts/profile/$"))
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")
    expect(page.locator(".page-header .lead")).to_contain_text("Other members see you as Nadia K.")
    expect(page.get_by_label(re.compile(r"^Organisation:?$"))).to_have_value("Training Centre")
    expect(page.get_by_label("Country")).to_have_value("KE")
    expect(page.get_by_label("Kind of organisation")).to_have_value("grassroots")
    expect(account.get_by_role("link", name="Your profile (Nadia K.)")).to_be_visible()


def test_member_previews_and_posts_a_new_comment(demo_site, page):
    _dialogue, week = open_week("Open dialogue on gender-responsive training", "Week 1: Methods that work", QUESTIONS)
    week_path = path_of(week)
    make_member("amara@example.org", display_name="Amara")
    log_in(page, "amara@example.org", next_path=week_path)
    expect(page).to_have_url(re.compile(re.escape(week_path) + "$"))
    discussion = page.locator("section#discussion")
    expect(discussion).to_contain_text("No one has commented yet.")

    my_text = "Role plays helped our groups talk about gender roles openly."
    discussion.get_by_label("Your comment", exact=True).fill(my_text)
    discussion.get_by_label("Which question does it answer?").select_option(label=QUESTIONS[1])
    discussion.get_by_label("Email me when someone replies in this discussion").check()
    discussion.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Preview your comment")
    expect(page.locator(".comment--preview")).to_have_text(my_text)
    expect(page.get_by_label("Your comment", exact=True)).to_have_value(my_text)
    expect(page.get_by_label("Which question does it answer?")).to_have_value(week.questions[1].id)
    expect(page.get_by_label("Email me when someone replies in this discussion")).to_be_checked()
    page.get_by_role("button", name="Post comment").click()

    expect(page).to_have_url(re.compile(re.escape(week_path)))
    expect(page.get_by_role("status")).to_contain_text("Thank you. Your comment has been posted.")
    mine = comment_item(page, my_text)
    expect(mine).to_have_count(1)
    expect(mine.locator(".comment__author")).to_have_text("Amara")
    expect(page.locator("#discussion-heading")).to_contain_text("1 comment")
    posted = DialogueComment.objects.get(comment=my_text)
    assert posted.followup, "the “Email me when someone replies” box was ticked"
    assert posted.question_id == week.questions[1].id


def test_member_replies_likes_reports_and_follows_a_discussion(demo_site, page):
    _dialogue, week = open_week("Open dialogue on gender-responsive training", "Week 1: Methods that work", QUESTIONS)
    week_path = path_of(week)
    make_member("amara@example.org", display_name="Amara")
    other = make_member("bruno@example.org", display_name="Bruno")
    moderator = make_member("mod@example.org", display_name="Mo", groups=[DISCUSSION_MODERATORS_GROUP])
    bruno_says = "We paired trainers from different regions and it worked well."
    add_comment(week, other, bruno_says)

    log_in(page, "amara@example.org", next_path=week_path)
    expect(page).to_have_url(re.compile(re.escape(week_path) + "$"))
    discussion = page.locator("section#discussion")
    expect(comment_item(page, bruno_says).locator(".comment__author")).to_have_text("Bruno")

    # A reply to Bruno's comment through its "Reply" link: previewed, then posted, following the thread.
    comment_item(page, bruno_says).get_by_role("link", name="Reply").click()
    expect(page).to_have_url(re.compile(r"\?reply_to=\d+#comment-form-heading$"))
    expect(discussion).to_contain_text("You are replying to a comment.")
    reply_text = "Bruno, how long did the pairing last?"
    discussion.get_by_label("Your comment", exact=True).fill(reply_text)
    discussion.get_by_label("Which question does it answer?").select_option(label=QUESTIONS[0])
    discussion.get_by_label("Email me when someone replies in this discussion").check()
    discussion.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Preview your comment")
    expect(page.locator(".comment--preview")).to_have_text(reply_text)
    expect(page.get_by_label("Your comment", exact=True)).to_have_value(reply_text)
    expect(page.get_by_label("Email me when someone replies in this discussion")).to_be_checked()
    page.get_by_role("button", name="Post comment").click()

    expect(page).to_have_url(re.compile(re.escape(week_path)))
    expect(page.get_by_role("status")).to_contain_text("Thank you. Your comment has been posted.")
    reply = comment_item(page, reply_text)
    expect(reply).to_have_class(re.compile(r"\bcomment--level-1\b"))
    expect(reply.locator(".comment__author")).to_have_text("Amara")
    expect(page.locator("#discussion-heading")).to_contain_text("2 comments")
    # Replies come right after the comment they answer.
    texts = [text.strip() for text in page.locator("ol.comments > li.comment .comment__text").all_inner_texts()]
    assert texts == [bruno_says, reply_text], texts
    posted = DialogueComment.objects.get(comment=reply_text)
    assert posted.parent_id == DialogueComment.objects.get(comment=bruno_says).pk
    assert posted.followup, "the “Email me when someone replies” box was ticked"
    assert posted.question_id == week.questions[0].id

    # A like: the count goes to 1 and the button now takes it back.
    bruno = comment_item(page, bruno_says)
    likes = bruno.locator(".comment__actions > .meta").first
    expect(likes).to_have_text("0 likes")
    expect(bruno.get_by_role("button", name="Like", exact=True)).to_have_attribute("aria-pressed", "false")
    bruno.get_by_role("button", name="Like", exact=True).click()
    expect(likes).to_have_text("1 like")
    expect(bruno.get_by_role("button", name="Unlike")).to_have_attribute("aria-pressed", "true")

    # A report, with a reason: every moderator is emailed.
    mail.outbox.clear()
    bruno.get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a comment")
    expect(page.locator("blockquote.comment__text")).to_contain_text(bruno_says)
    page.get_by_label("What is wrong with this comment? (optional)").fill("It names a trainee.")
    page.get_by_role("button", name="Send to the moderators").click()

    expect(page).to_have_url(re.compile(re.escape(week_path)))
    expect(page.get_by_role("status")).to_contain_text("The moderators have been told about this comment.")
    expect(comment_item(page, bruno_says).locator(".comment__actions")).to_contain_text("Reported")
    to_moderator = [message for message in mail.outbox if message.to == [moderator.email]]
    assert len(to_moderator) == 1, [(message.to, message.subject) for message in mail.outbox]
    assert week.title in to_moderator[0].subject
    assert "It names a trainee." in to_moderator[0].body
    assert bruno_says in to_moderator[0].body

    # Following: when Bruno answers Amara's reply (in his own browser), she is emailed.
    mail.outbox.clear()
    bruno_context = page.context.browser.new_context(base_url=page.url.split("/en/")[0], locale="en-GB")
    try:
        bruno_page = bruno_context.new_page()
        log_in(bruno_page, "bruno@example.org", next_path=week_path)
        comment_item(bruno_page, reply_text).get_by_role("link", name="Reply").click()
        bruno_reply = "Amara, three months: one full training cycle."
        bruno_page.get_by_label("Your comment", exact=True).fill(bruno_reply)
        bruno_page.get_by_role("button", name="Post comment").click()
        expect(comment_item(bruno_page, bruno_reply)).to_have_class(re.compile(r"\bcomment--level-2\b"))
    finally:
        bruno_context.close()
    to_amara = [message for message in mail.outbox if message.to == ["amara@example.org"]]
    assert len(to_amara) == 1, [(message.to, message.subject) for message in mail.outbox]
    assert bruno_reply in to_amara[0].body
    assert "/discussion/mute/" in to_amara[0].body

    page.reload()
    expect(comment_item(page, bruno_reply).locator(".comment__author")).to_have_text("Bruno")


FOCUS_STYLE = """el => {
    const style = getComputedStyle(el);
    return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, boxShadow: style.boxShadow};
}"""

FOCUSED = """() => {
    const el = document.activeElement;
    return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim()};
}"""


def test_keyboard_user_reaches_and_fills_the_comment_form(demo_site, page):
    _dialogue, week = open_week("Open dialogue on gender-responsive training", "Week 1: Methods that work", QUESTIONS)
    make_member("kim@example.org", display_name="Kim")
    week_path = path_of(week)
    log_in(page, "kim@example.org", next_path=week_path)

    page.goto(week_path)
    passed = []
    for _ in range(60):
        page.keyboard.press("Tab")
        element = page.evaluate(FOCUSED)
        passed.append(element)
        if element["id"] == "id_comment":
            break
    else:
        raise AssertionError(f"Tab never reached the comment box; focus went through {passed}")
    expect(page.get_by_label("Your comment", exact=True)).to_be_focused()

    style = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
    has_outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    has_shadow = style["boxShadow"] not in ("none", "")
    assert has_outline or has_shadow, f"no visible focus indicator on the comment box: {style}"

    page.keyboard.type("Typed with the keyboard only.")
    expect(page.get_by_label("Your comment", exact=True)).to_have_value("Typed with the keyboard only.")

    # On through the form to its buttons, each visibly focused.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["text"] == "Post comment":
            break
    else:
        raise AssertionError("Tab never reached the “Post comment” button")
    expect(page.get_by_role("button", name="Post comment")).to_be_focused()
    style = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
    assert style["outlineStyle"] != "none" or style["boxShadow"] not in ("none", ""), style
