"""What a visitor does in a real browser, and what they see."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DIALOGUE = "/en/dialogues/compendium-of-good-practices/"
PRODUCT = "/en/knowledge-products/compendium-of-good-practices/"
PANELLISTS = ["Mehrinaz El Awady", "Jane Kato-Wallace", "Amit Kumar Singh", "Dr Jenn Williamson"]


def test_visitor_browses_from_home_to_a_weeks_questions(demo_site, page):
    page.goto("/en/")
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Virtual Dialogues").click()
    expect(page).to_have_url(re.compile(r"/en/dialogues/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Virtual Dialogues")

    seventh = page.locator("article.card--dialogue").filter(has_text="7th Virtual Dialogue")
    expect(seventh).to_have_count(1)
    seventh.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"{DIALOGUE}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compendium of Good Practices in Training for Gender Equality"
    )

    page.get_by_role("link", name=re.compile(r"^Week 2\b")).click()
    expect(page).to_have_url(re.compile(f"{DIALOGUE}week-2/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week 2")
    questions = page.get_by_role("region", name="This week's questions").locator("ol.questions > li")
    expect(questions).to_have_count(4)
    expect(questions.first).to_contain_text("What lessons learned have been drawn")
    expect(questions.last).to_contain_text("Global South and grassroots women")
    discussion = page.locator("section#discussion")
    expect(discussion).to_be_visible()
    expect(discussion.get_by_role("heading", level=2).first).to_have_text(re.compile(r"^\s*Discussion\b"))


def test_visitor_sees_a_webinars_times_and_panel(demo_site, page):
    page.goto(f"{DIALOGUE}webinar-english/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Webinar (English)")
    times = page.locator(".zone-times li strong")
    expect(times).to_have_text(["09:00 EDT", "09:00 AST", "15:00 CEST"])
    expect(page.locator("time[datetime]").first).to_have_attribute("datetime", "2016-09-06T13:00:00+00:00")
    panel = page.get_by_role("region", name="Panellists")
    expect(panel.locator(".person__name")).to_have_text(PANELLISTS)


def test_visitor_finds_the_webinar_by_a_panellists_name(demo_site, page):
    page.goto("/en/")
    header_search = page.locator("header.site-header").get_by_role("search")
    header_search.get_by_role("combobox", name="Search the site").fill("Kato-Wallace")
    header_search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/en/search/\?q=Kato-Wallace$"))
    expect(page.get_by_role("status")).to_contain_text("for “Kato-Wallace”")
    results = page.locator("ol.results")
    expect(results.get_by_role("link", name="Promundo-US")).to_be_visible()
    results.get_by_role("link", name="Webinar (English)").click()
    expect(page).to_have_url(re.compile(f"{DIALOGUE}webinar-english/$"))
    expect(page.get_by_role("region", name="Panellists")).to_contain_text("Jane Kato-Wallace")


def test_visitor_filters_case_studies_by_region(demo_site, page):
    page.goto(PRODUCT)
    cases = page.get_by_role("region", name="Case studies")
    case_titles = cases.locator(".card-list h3")
    expect(case_titles).to_have_count(7)
    expect(cases.get_by_role("status")).to_have_text("7 case studies shown")

    form = page.get_by_role("form", name="Filter case studies")
    form.get_by_label("Region").select_option(label="Latin America and the Caribbean")
    form.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]region=latin-america-caribbean(&|$)"))
    expect(case_titles).to_have_text(["Women’s empowerment via radio communications, Bolivia"])
    expect(cases.get_by_role("status")).to_have_text("1 case study shown")
    expect(page.get_by_label("Region")).to_have_value("latin-america-caribbean")

    # The URL holds the filter: opening it afresh gives the same list.
    filtered_url = page.url
    page.goto("/en/")
    page.goto(filtered_url)
    expect(case_titles).to_have_text(["Women’s empowerment via radio communications, Bolivia"])
    expect(page.get_by_label("Region")).to_have_value("latin-america-caribbean")

    page.get_by_role("link", name="Show all").click()
    expect(case_titles).to_have_count(7)


FOCUS_STYLE = """el => {
    const style = getComputedStyle(el);
    return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, boxShadow: style.boxShadow};
}"""


def focused(page):
    """A description of the element that has the focus."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                text: (el.innerText || '').trim(),
                href: el.getAttribute('href'),
                className: el.className,
                inMainNav: !!el.closest('nav.main-nav'),
            };
        }"""
    )


def assert_focus_is_visible(page):
    style = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
    has_outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    has_shadow = style["boxShadow"] not in ("none", "")
    assert has_outline or has_shadow, f"no visible focus indicator on {focused(page)}: {style}"


def tab_until(page, predicate, limit=20):
    """Press Tab until ``predicate(focused element)`` holds; return every element passed on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        passed.append(element)
        if predicate(element):
            return passed
    raise AssertionError(f"not reached in {limit} presses of Tab; focus went through {passed}")


def test_keyboard_user_skips_to_main_and_reaches_navigation_and_search(demo_site, page):
    page.goto(f"{DIALOGUE}week-2/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["className"], f"the first Tab focused {first}, not the skip link"
    assert first["href"] == "#main"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    assert_focus_is_visible(page)

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    assert focused(page)["id"] == "main", "Enter on the skip link did not move the focus to <main>"

    # From a fresh load, Tab goes through the header: the main navigation, then the search box.
    page.goto(f"{DIALOGUE}week-2/")
    passed = tab_until(page, lambda element: element["inMainNav"])
    assert_focus_is_visible(page)
    passed += tab_until(page, lambda element: element["id"] == "site-search-q")
    assert [element["text"] for element in passed if element["inMainNav"]] == [
        "Knowledge products",
        "Virtual Dialogues",
    ]
    assert_focus_is_visible(page)
    expect(page.get_by_role("combobox", name="Search the site")).to_be_focused()

    page.keyboard.type("Promundo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=Promundo$"))
