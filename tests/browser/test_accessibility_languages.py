"""axe-core finds no serious or critical violation on the Spanish pages, the account pages, and the discussion form.

The same check as test_accessibility.py (WCAG 2.1 AA target), on more pages: the demo's Spanish pages, signing in
and registering in English and Spanish, and an open week as a signed-in member sees it, comment form included.
Also the language switcher, which takes a visitor from an English page to its Spanish translation.
"""

import re
from urllib.parse import quote, urlparse

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.contrib.auth import get_user_model

from .axe import assert_no_blocking_violation
from .helpers import open_week, path_of

pytestmark = pytest.mark.browser

SPANISH_DIALOGUE = "/es/dialogos/compendio-de-buenas-practicas/"
PASSWORD = "a-long-a11y-test-password-42"

# (id, path, expected HTTP status)
PAGES = [
    ("es-home", "/es/", 200),
    ("es-dialogue-index", "/es/dialogos/", 200),
    ("es-dialogue", SPANISH_DIALOGUE, 200),
    ("es-week-1", f"{SPANISH_DIALOGUE}semana-1/", 200),
    ("es-webinar-spanish", f"{SPANISH_DIALOGUE}seminario-web-espanol/", 200),
    ("es-search-results", "/es/search/?q=Promundo", 200),
    ("en-login", "/en/accounts/login/", 200),
    ("en-signup", "/en/accounts/signup/", 200),
    ("es-login", "/es/accounts/login/", 200),
    ("es-signup", "/es/accounts/signup/", 200),
]


@pytest.mark.parametrize(("path", "status"), [pytest.param(path, status, id=name) for name, path, status in PAGES])
def test_page_has_no_serious_accessibility_violation(demo_site, page, path, status):
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    language = urlparse(path).path.split("/")[1]
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_blocking_violation(page, path)


def member_on_open_week(page):
    """Sign a confirmed member in from the login page, on to an open week; returns the week's path."""
    _dialogue, week = open_week("Open dialogue", "Week 1: Open questions", ["What worked in your trainings?"])
    user = get_user_model().objects.create_user("rosa", "rosa@example.org", PASSWORD, display_name="Rosa")
    EmailAddress.objects.create(user=user, email="rosa@example.org", verified=True, primary=True)
    week_path = path_of(week)

    page.goto(f"/en/accounts/login/?next={quote(week_path)}")
    page.get_by_label(re.compile(r"^Email address or username:?$")).fill("rosa@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(re.escape(week_path) + "$"))
    return week_path


def test_open_week_with_the_comment_form_has_no_serious_accessibility_violation(demo_site, page):
    week_path = member_on_open_week(page)
    page.reload()  # the page as a signed-in member sees it, without the one-off “signed in” message
    expect(page.get_by_role("textbox", name="Your comment", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Post comment")).to_be_visible()
    expect(page.locator("ul.messages")).to_have_count(0)

    assert_no_blocking_violation(page, f"{week_path} (signed in, comment form shown)")


def test_page_with_a_message_has_no_serious_accessibility_violation(demo_site, page):
    week_path = member_on_open_week(page)
    expect(page.locator("ul.messages")).to_contain_text("Successfully signed in as Rosa.")

    assert_no_blocking_violation(page, f"{week_path} (with a message)")


def test_visitor_switches_a_dialogue_to_spanish(demo_site, page):
    page.goto("/en/dialogues/compendium-of-good-practices/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.locator("[aria-current]")).to_have_text("English")

    switcher.get_by_role("link", name="Español").click()

    expect(page).to_have_url(re.compile(r"/es/dialogos/compendio-de-buenas-practicas/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compendio de Buenas Prácticas en Capacitación para la Igualdad de Género"
    )
    switcher = page.get_by_role("navigation", name="Idioma")
    expect(switcher.locator("[aria-current]")).to_have_text("Español")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute(
        "href", "/en/dialogues/compendium-of-good-practices/"
    )
