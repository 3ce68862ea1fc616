"""What a member of the community does in a real browser: sign in, register, take part in a week's discussion.

The demo dialogue took place in 2016, so its weeks are closed; each test that posts builds an open dialogue
and week of its own under the demo's dialogue index. Accounts are made in the test (the test settings create
no demo account), and emails are read from ``django.core.mail.outbox``: the live server runs in this process
with the locmem email backend.
"""

import re
from datetime import timedelta
from urllib.parse import parse_qs, quote, urlparse

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from dialogue_pages.models import DialogueComment, DialogueIndexPage
from tests.factories import DialoguePageFactory, WeeklyQuestionPageFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-test-password-42"
QUESTIONS = [
    "Which training methods worked best with mixed groups?",
    "How do you measure a change in attitudes after a training?",
]


def path_of(wagtail_page):
    """The page's URL path on the live server (its URLs name the demo site's host)."""
    return urlparse(wagtail_page.get_full_url()).path


def make_member(email, display_name="", groups=()):
    """An account whose primary email address is confirmed: a member of the community."""
    user = get_user_model().objects.create_user(
        email.split("@")[0], email, PASSWORD, display_name=display_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def open_week(premoderate=False):
    """An open dialogue with an open week, under the demo's dialogue index (English)."""
    index = DialogueIndexPage.objects.get(locale__language_code="en")
    now = timezone.now()
    dialogue = DialoguePageFactory(
        parent=index,
        title="Open dialogue on gender-responsive training",
        start_at=now - timedelta(days=1),
        end_at=now + timedelta(days=10),
        premoderate_comments=premoderate,
    )
    week = WeeklyQuestionPageFactory(
        parent=dialogue,
        title="Week 1: Methods that work",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
        questions=[("question", {"question": question, "note": ""}) for question in QUESTIONS],
    )
    return dialogue, week


def post_comment_as(user, week, text, parent=None):
    """A published comment on ``week``'s thread, written by ``user`` (made directly in the database)."""
    return DialogueComment.objects.create(
        content_object=week,
        site_id=1,
        user=user,
        user_name=user.public_name,
        user_email=user.email,
        comment=text,
        language="en",
        parent_id=parent.pk if parent else 0,
    )


def log_in(page, email, password=PASSWORD, next_path=None):
    """Sign in on the public site's login page; returns once the login page has been left."""
    url = "/en/accounts/login/"
    if next_path:
        url += f"?next={quote(next_path)}"
    page.goto(url)
    fill_login_form(page, email, password)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def fill_login_form(page, email, password=PASSWORD):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def comment_item(page, text):
    """The thread's entry for the comment whose text contains ``text``."""
    return page.locator("ol.comments > li.comment").filter(has_text=text)


def test_visitor_logs_in_from_an_open_week_and_comes_back_to_it(demo_site, page):
    _dialogue, week = open_week()
    make_member("ines@example.org", display_name="Inés")
    week_path = path_of(week)

    page.goto(week_path)
    discussion = page.locator("section#discussion")
    expect(discussion).to_contain_text("Only members of the Community of Practice can take part")
    expect(discussion.get_by_label("Your comment")).to_have_count(0)

    discussion.get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    assert parse_qs(urlparse(page.url).query)["next"] == [f"{week_path}#discussion"]

    fill_login_form(page, "ines@example.org")
    expect(page).to_have_url(re.compile(re.escape(week_path) + r"(#discussion)?$"))
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Your profile (Inés)")
    expect(page.locator("section#discussion").get_by_label("Your comment")).to_be_visible()
