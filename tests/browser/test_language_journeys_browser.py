"""The Spanish and French sites, walked end to end in a real browser by a visitor who becomes a member.

Every label, button and message is looked up in the language's catalogues (ours and
allauth's) with gettext, so the test follows the translations rather than repeating
them. On every page, the text in the reader's language (everything but elements marked
with another ``lang``, such as a page shown in its original English) must hold no
English interface string of those catalogues; the emails likewise.
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
TRANSLATED = {
    "es": {
        "Open dialogue on gender-responsive training": "Diálogo abierto sobre la capacitación sensible al género",
        "Week 1: Methods that work": "Semana 1: métodos que funcionan",
        QUESTION: "¿Qué métodos de capacitación funcionaron mejor con grupos mixtos?",
    },
    "fr": {
        "Open dialogue on gender-responsive training": "Dialogue ouvert sur la formation sensible au genre",
        "Week 1: Methods that work": "Semaine 1\u00a0: les méthodes qui fonctionnent",
        QUESTION: "Quelles méthodes de formation ont le mieux fonctionné avec des groupes mixtes\u00a0?",
    },
}
MY_COMMENT = {
    "es": "Los juegos de rol ayudaron a nuestros grupos a hablar de los roles de género.",
    "fr": "Les jeux de rôle ont aidé nos groupes à parler des rôles de genre.",
}
# Words that read the same in both languages, and so are no sign of English.
SAME_IN_BOTH = {"Webinar", "Email", "Total", "Error"}

# The page's text in the reader's language: without what is marked as in another language.
READERS_TEXT = """language => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll(`script, style, template, [hidden], [lang]:not([lang^="${language}"])`)
        .forEach(el => el.remove());
    return copy.textContent.replace(/\\s+/g, ' ');
}"""


@cache
def english_interface_strings(language):
    """The English interface sentences of our and allauth's catalogues that ``language`` translates differently."""
    paths = [
        Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po",
        Path(allauth.__file__).parent / "locale" / language / "LC_MESSAGES" / "django.po",
    ]
    strings = set()
    for path in paths:
        for entry in polib.pofile(str(path)):
            text = entry.msgid
            if entry.obsolete or not entry.msgstr or entry.msgstr == text or entry.msgid_plural:
                continue
            if len(text) < 12 or " " not in text or re.search(r"[%{<]", text) or text in SAME_IN_BOTH:
                continue
            strings.add(text)
    return strings


class Reader:
    """The interface in one language, and the check that nothing of it is left in English."""

    def __init__(self, language):
        self.language = language
        self.prefix = f"/{language}/"

    def __call__(self, text):
        """``text`` as the site shows it in this language."""
        with translation.override(self.language):
            return gettext(text)

    def label(self, text):
        return re.compile(rf"^{re.escape(self(text))}\s*:?\*?$")  # French puts a no-break space before “:”

    def url(self, rest=""):
        return re.compile(re.escape(self.prefix) + rest)

    def english_in(self, text):
        return sorted(string for string in english_interface_strings(self.language) if string in text)

    def assert_no_english(self, page):
        found = self.english_in(page.evaluate(READERS_TEXT, self.language))
        assert not found, f"English interface text on {page.url}: {found}"


@pytest.fixture(params=["es", "fr"])
def language(request):
    return request.param


@pytest.fixture
def translated_week(demo_site, language):
    """An open dialogue and week, translated as staff would."""
    dialogue, week = open_week("Open dialogue on gender-responsive training", "Week 1: Methods that work", [QUESTION])
    locale = Locale.objects.get(language_code=language)
    translate(DialoguePage.objects.get(pk=dialogue.pk), locale, TRANSLATED[language])
    return week, translate(week, locale, TRANSLATED[language])


def test_a_visitor_reads_signs_up_confirms_logs_in_posts_and_is_emailed_in_their_language(
    translated_week, language, page
):
    t = Reader(language)
    english_week, week = translated_week
    week_path = path_of(week)
    assert week_path.startswith(t.prefix)

    # The check sees English when there is some (the English home page).
    page.goto("/en/")
    assert t.english_in(page.evaluate(READERS_TEXT, language))

    # Reading: the home page, a section of the menu, the demo dialogue and its English webinar.
    page.goto(t.prefix)
    expect(page.locator("html")).to_have_attribute("lang", language)
    t.assert_no_english(page)
    page.get_by_role("navigation", name=t("Main")).get_by_role("link").last.click()
    expect(page).to_have_url(t.url())
    t.assert_no_english(page)
    page.goto(path_of(DialoguePage.objects.get(number=7, locale__language_code=language)))
    t.assert_no_english(page)
    # The sample dialogue exists only in English: listed on the home page, marked, and shown under
    # the reader's prefix with the notice.
    page.goto(t.prefix)
    english_only = page.get_by_role("main").locator("a[lang=en]").first
    expect(english_only).to_be_visible()
    english_only.click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+" + re.escape(t.prefix)))
    expect(page.get_by_role("note")).to_be_visible()
    t.assert_no_english(page)

    # Signing up from the week: the form, the email and the confirmation stay in the language.
    page.goto(week_path)
    t.assert_no_english(page)
    page.get_by_role("navigation", name=t("Account")).get_by_role("link", name=t("Register")).click()
    expect(page).to_have_url(t.url("accounts/signup/"))
    t.assert_no_english(page)
    page.get_by_label(t.label("Email")).fill("lucia@example.org")
    page.get_by_label(t.label("Password")).fill(PASSWORD)
    page.get_by_label(t.label("Password (again)")).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign Up")).click()
    expect(page).to_have_url(t.url("accounts/confirm-email/$"))
    t.assert_no_english(page)

    (confirmation,) = mail.outbox
    assert confirmation.to == ["lucia@example.org"]
    assert t("Community of Practice") in confirmation.subject + confirmation.body
    assert not t.english_in(confirmation.subject + "\n" + confirmation.body), confirmation.body
    link = re.search(
        r"https?://[^/\s]+(" + re.escape(t.prefix) + r"accounts/confirm-email/[^/\s]+/)", confirmation.body
    )
    assert link, confirmation.body
    page.goto(link.group(1))
    t.assert_no_english(page)
    page.get_by_role("main").get_by_role("button", name=t("Confirm")).click()
    expect(page).to_have_url(t.url())
    assert EmailAddress.objects.get(email="lucia@example.org").verified
    t.assert_no_english(page)

    # Logging out and in again keeps the language's prefix, and comes back to the week.
    page.get_by_role("navigation", name=t("Account")).get_by_role("button", name=t("Log out")).click()
    expect(page).to_have_url(t.url())
    page.goto(week_path)
    page.locator("section#discussion").get_by_role("link", name=t("Log in")).click()
    expect(page).to_have_url(t.url(r"accounts/login/\?next="))
    t.assert_no_english(page)
    page.get_by_label(t.label("Email address or username")).fill("lucia@example.org")
    page.get_by_label(t.label("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign In")).click()
    expect(page).to_have_url(re.compile(re.escape(week_path) + r"(#discussion)?$"))
    t.assert_no_english(page)

    # Posting, and following the thread.
    discussion = page.locator("section#discussion")
    discussion.get_by_label(t("Your comment"), exact=True).fill(MY_COMMENT[language])
    discussion.get_by_label(t("Email me when someone replies in this discussion")).check()
    discussion.get_by_role("button", name=t("Post comment")).click()
    expect(page).to_have_url(re.compile(re.escape(week_path)))
    expect(page.get_by_role("status")).to_contain_text(t("Thank you. Your comment has been posted."))
    t.assert_no_english(page)
    mine = DialogueComment.objects.get(comment=MY_COMMENT[language])
    assert mine.followup and mine.language == language

    # Bruno replies in English from the English page, in his own browser: Lucía is told in her language.
    mail.outbox.clear()
    make_member("bruno@example.org", display_name="Bruno")
    bruno_context = page.context.browser.new_context(base_url=page.url.split(t.prefix)[0], locale="en-GB")
    try:
        bruno_page = bruno_context.new_page()
        log_in(bruno_page, "bruno@example.org", next_path=path_of(english_week))
        comment_item(bruno_page, MY_COMMENT[language]).get_by_role("link", name="Reply").click()
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
    assert not t.english_in(followup.subject + "\n" + followup.body), followup.subject + followup.body
    assert t.prefix in followup.body
