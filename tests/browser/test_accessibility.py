"""axe-core finds no serious or critical accessibility violation on the public pages (WCAG 2.1 AA target).

The Spanish pages, the account pages and the discussion form are checked in
test_accessibility_languages.py; an upcoming webinar in test_upcoming_webinar.py.
"""

import pytest

from .axe import assert_no_blocking_violation

pytestmark = pytest.mark.browser

DIALOGUE = "/en/dialogues/compendium-of-good-practices/"
PRODUCT = "/en/knowledge-products/compendium-of-good-practices/"

# (id, path, expected HTTP status)
PAGES = [
    ("home", "/en/", 200),
    ("dialogue-index", "/en/dialogues/", 200),
    ("dialogue", DIALOGUE, 200),
    ("week-1", f"{DIALOGUE}week-1/", 200),
    ("week-2", f"{DIALOGUE}week-2/", 200),
    ("week-3", f"{DIALOGUE}week-3/", 200),
    ("webinar-english", f"{DIALOGUE}webinar-english/", 200),
    ("webinar-spanish", f"{DIALOGUE}webinar-spanish/", 200),
    ("product-index", "/en/knowledge-products/", 200),
    ("product", PRODUCT, 200),
    ("case-study", f"{PRODUCT}mupan/", 200),
    ("search-results", "/en/search/?q=Promundo", 200),
    ("not-found", "/en/no-such-page/", 404),
]


@pytest.mark.parametrize(("path", "status"), [pytest.param(path, status, id=name) for name, path, status in PAGES])
def test_page_has_no_serious_accessibility_violation(demo_site, page, path, status):
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    assert_no_blocking_violation(page, path)
