"""Emails to members in a real browser: staff announce a dialogue from its page in the admin; a member
unsubscribes from the email in one click and sees their choice on their account page.

Emails are read from ``django.core.mail.outbox`` (the live server runs in this process with the locmem
backend). The admin links through ``WAGTAILADMIN_BASE_URL`` (http://testserver), so links are opened by path.
"""

import re
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from mailings.models import Announcement, EmailPreferences

from .helpers import open_week, sign_in_as

pytestmark = pytest.mark.browser

PASSWORD = "a-long-email-test-password-42"


def make_account(username, language="en", groups=()):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, preferred_language=language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    assert user.groups.count() == len(groups)
    return user


def test_staff_announce_a_dialogue_and_a_member_unsubscribes_in_one_click(demo_site, page, live_server):
    dialogue, _week = open_week("Dialogue to announce", "Week 1: Opening", ["What brings you here?"])
    make_account("comms", groups=["Editors", "Announcement senders"])
    lucia = make_account("lucia", language="es")

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("comms")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # From the dialogue's page in the admin: its header menu.
    page.goto(f"/admin/pages/{dialogue.pk}/edit/")
    page.locator("header").get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Announce by email").click()
    page.get_by_role("link", name="New announcement").click()
    page.locator("#id_subject_en").fill("A new dialogue opens")
    page.locator("#id_body_en").fill("Join us for three weeks of discussion.")
    page.locator("#id_subject_es").fill("Comienza un nuevo diálogo")
    page.locator("#id_body_es").fill("Acompáñenos durante tres semanas de debate.")
    page.get_by_role("button", name="Save and preview").click()

    expect(page.get_by_text("Acompáñenos durante tres semanas de debate.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Send a test to me")).click()
    expect(page.get_by_text("Test sent to comms@example.org")).to_be_visible()
    assert sorted(message.subject for message in mail.outbox) == ["A new dialogue opens", "Comienza un nuevo diálogo"]
    mail.outbox.clear()

    page.get_by_label(re.compile("I have checked the preview")).check()
    page.get_by_role("button", name="Send to members").click()
    expect(page.locator("[data-progress]")).to_contain_text("Sent to 2 of 2 members (100%).")
    assert Announcement.objects.get().status == Announcement.Status.SENT

    # Lucía reads it in Spanish and unsubscribes from the link in the email, without signing in.
    [email] = [message for message in mail.outbox if lucia.email in message.to]
    assert email.subject == "Comienza un nuevo diálogo"
    link = re.search(r"https?://\S+/es/emails/unsubscribe/\S+/", email.body).group(0)
    page.context.clear_cookies()
    page.goto(urlparse(link).path)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("main").get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert EmailPreferences.objects.get(user=lucia).announcements is False

    # Her account page shows the choice, and she can take it back.
    sign_in_as(page, lucia, live_server.url)
    page.goto("/es/emails/preferences/")
    announcements_box = page.locator("#id_announcements")
    expect(announcements_box).not_to_be_checked()
    expect(page.locator("#id_digest")).to_be_checked()
    announcements_box.check()
    page.locator("main form").get_by_role("button").click()
    expect(page.locator("#id_announcements")).to_be_checked()
    assert EmailPreferences.objects.get(user=lucia).announcements is True
