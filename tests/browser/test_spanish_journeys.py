"""The Spanish site, walked end to end in a real browser by a visitor who becomes a member.

Every label, button and message is looked up in the Spanish catalogues (ours and
allauth's) with gettext, so the test follows the translations rather than repeating
them. On every page, the text in Spanish (everything but elements marked with another
``lang``, such as a page shown in its original English) must hold no English interface
string of those catalogues; the emails likewise.
"""

import re
from functools import cache
from pathlib import Path

import allauth
import polib
import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Locale

from dialogue_pages.models import DialogueComment, DialoguePage
from home.translations import translate

from .helpers import open_week, path_of
from .test_member_journeys import PASSWORD, comment_item, log_in, make_member

pytestmark = pytest.mark.browser

QUESTION = "Which training methods worked best with mixed groups?"
SPANISH_STRINGS = {
    "Open dialogue on gender-responsive training": "Diálogo abierto sobre la capacitación con perspectiva de género",
    "Week 1: Methods that work": "Semana 1: métodos que funcionan",
    QUESTION: "¿Qué métodos de capacitación funcionaron mejor con grupos mixtos?",
}
CATALOGUES = [
    Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po",
    Path(allauth.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "django.po",
]
# Words that read the same in both languages, and so are no sign of an English page.
SAME_IN_BOTH = {"Webinar", "Email", "Total", "Error"}

SPANISH_TEXT = """() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('script, style, template, [hidden], [lang]:not([lang^="es"])').forEach(el => el.remove());
    return copy.textContent.replace(/\\s+/g, ' ');
}"""


def es(text):
    """``text`` as the Spanish site shows it."""
    with translation.override("es"):
        return gettext(text)


@cache
def english_interface_strings():
    """The English interface sentences of our and allauth's catalogues that Spanish translates differently."""
    strings = set()
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            text = entry.msgid
            if entry.obsolete or not entry.msgstr or entry.msgstr == text or entry.msgid_plural:
                continue
            if len(text) < 12 or " " not in text or re.search(r"[%{<]", text) or text in SAME_IN_BOTH:
                continue
            strings.add(text)
    return strings


def english_in(text):
    return sorted(string for string in english_interface_strings() if string in text)


def assert_all_spanish(page):
    found = english_in(page.evaluate(SPANISH_TEXT))
    assert not found, f"English interface text on {page.url}: {found}"


def label(text):
    return re.compile(rf"^{re.escape(es(text))}:?\*?$")


@pytest.fixture
def spanish_week(demo_site):
    """An open dialogue and week, translated into Spanish as staff would."""
    dialogue, week = open_week("Open dialogue on gender-responsive training", "Week 1: Methods that work", [QUESTION])
    spanish = Locale.objects.get(language_code="es")
    translate(DialoguePage.objects.get(pk=dialogue.pk), spanish, SPANISH_STRINGS)
    return week, translate(week, spanish, SPANISH_STRINGS)


def test_a_spanish_visitor_reads_signs_up_confirms_logs_in_posts_and_is_emailed_in_spanish(spanish_week, page):
    english_week, week = spanish_week
    week_path = path_of(week)
    assert week_path.startswith("/es/")

    # The check below sees English when there is some (the English home page).
    page.goto("/en/")
    assert english_in(page.evaluate(SPANISH_TEXT))

    # Reading: the home page, the dialogue index, the demo dialogue and its English webinar.
    page.goto("/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_all_spanish(page)
    page.get_by_role("navigation", name=es("Main")).get_by_role("link").last.click()
    expect(page).to_have_url(re.compile(r"/es/"))
    assert_all_spanish(page)
    demo_dialogue = DialoguePage.objects.get(number=7, locale__language_code="es")
    page.goto(path_of(demo_dialogue))
    assert_all_spanish(page)
    webinar_link = page.locator("a[lang=en]", has_text="Webinar").first
    expect(webinar_link).to_be_visible()
    webinar_link.click()
    expect(page).to_have_url(re.compile(r"^[^?#]*/es/"))
    expect(page.get_by_role("note")).to_be_visible()
    assert_all_spanish(page)

    # Signing up from the Spanish week: the form, the email and the confirmation stay in Spanish.
    page.goto(week_path)
    assert_all_spanish(page)
    page.get_by_role("navigation", name=es("Account")).get_by_role("link", name=es("Register")).click()
    expect(page).to_have_url(re.compile(r"/es/accounts/signup/"))
    assert_all_spanish(page)
    page.get_by_label(label("Email")).fill("lucia@example.org")
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Password (again)")).fill(PASSWORD)
    page.get_by_role("button", name=es("Sign Up")).click()
    expect(page).to_have_url(re.compile(r"/es/accounts/confirm-email/$"))
    assert_all_spanish(page)

    (confirmation,) = mail.outbox
    assert confirmation.to == ["lucia@example.org"]
    assert es("Community of Practice") in confirmation.subject + confirmation.body
    assert not english_in(confirmation.subject + "\n" + confirmation.body), confirmation.body
    link = re.search(r"https?://[^/\s]+(/es/accounts/confirm-email/[^/\s]+/)", confirmation.body)
    assert link, confirmation.body
    page.goto(link.group(1))
    assert_all_spanish(page)
    page.get_by_role("main").get_by_role("button", name=es("Confirm")).click()
    expect(page).to_have_url(re.compile(r"/es/"))
    assert EmailAddress.objects.get(email="lucia@example.org").verified
    assert_all_spanish(page)

    # Logging out and in again keeps the Spanish prefix, and comes back to the week.
    page.get_by_role("navigation", name=es("Account")).get_by_role("button", name=es("Log out")).click()
    expect(page).to_have_url(re.compile(r"/es/"))
    page.goto(week_path)
    page.locator("section#discussion").get_by_role("link", name=es("Log in")).click()
    expect(page).to_have_url(re.compile(r"/es/accounts/login/\?next="))
    assert_all_spanish(page)
    page.get_by_label(label("Email address or username")).fill("lucia@example.org")
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_role("button", name=es("Sign In")).click()
    expect(page).to_have_url(re.compile(re.escape(week_path) + r"(#discussion)?$"))
    assert_all_spanish(page)

    # Posting, and following the thread.
    discussion = page.locator("section#discussion")
    my_text = "Los juegos de rol ayudaron a nuestros grupos a hablar de los roles de género."
    discussion.get_by_label(es("Your comment"), exact=True).fill(my_text)
    discussion.get_by_label(es("Email me when someone replies in this discussion")).check()
    discussion.get_by_role("button", name=es("Post comment")).click()
    expect(page).to_have_url(re.compile(re.escape(week_path)))
    expect(page.get_by_role("status")).to_contain_text(es("Thank you. Your comment has been posted."))
    assert_all_spanish(page)
    mine = DialogueComment.objects.get(comment=my_text)
    assert mine.followup and mine.language == "es"

    # Bruno replies in English from the English page, in his own browser: Lucía is told in Spanish.
    mail.outbox.clear()
    make_member("bruno@example.org", display_name="Bruno")
    bruno_context = page.context.browser.new_context(base_url=page.url.split("/es/")[0], locale="en-GB")
    try:
        bruno_page = bruno_context.new_page()
        log_in(bruno_page, "bruno@example.org", next_path=path_of(english_week))
        comment_item(bruno_page, my_text).get_by_role("link", name="Reply").click()
        bruno_reply = "Lucía, which roles did the groups play?"
        bruno_page.get_by_label("Your comment", exact=True).fill(bruno_reply)
        bruno_page.get_by_role("button", name="Post comment").click()
        expect(comment_item(bruno_page, bruno_reply)).to_have_count(1)
    finally:
        bruno_context.close()
    to_lucia = [message for message in mail.outbox if message.to == ["lucia@example.org"]]
    assert len(to_lucia) == 1, [(message.to, message.subject) for message in mail.outbox]
    followup = to_lucia[0]
    assert bruno_reply in followup.body
    assert not english_in(followup.subject + "\n" + followup.body), followup.subject + followup.body
    assert "/es/" in followup.body
