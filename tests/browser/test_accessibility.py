"""axe-core finds no serious or critical accessibility violation on the public pages (WCAG 2.1 AA target).

The Spanish pages (/es/…) and the login and registration pages will be added to PAGES when
those features land.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}
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

AXE = Axe()


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize(("path", "status"), [pytest.param(path, status, id=name) for name, path, status in PAGES])
def test_page_has_no_serious_accessibility_violation(demo_site, page, path, status):
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    results = AXE.run(page)
    violations = results.response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    others = [violation for violation in violations if violation["impact"] not in BLOCKING_IMPACTS]
    if others:
        print(f"\naxe, minor or moderate on {path}:\n{describe(others)}")
    assert not blocking, f"axe found serious or critical violations on {path}:\n{describe(blocking)}"
