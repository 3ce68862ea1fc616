"""The main pages at phone, tablet and desktop widths: no horizontal scrolling, nothing drawn over
anything else, and a full-page screenshot of each kept in ``test-artifacts/`` for review.

Overlap is checked on the things a reader looks at or acts on (headings, links, buttons, form
controls, labels, pictures, badges and date blocks), line box by line box (``getClientRects``),
so a link that wraps onto two lines is two boxes, not one big rectangle over its neighbours.
Elements nested in one another are not compared; hidden and visually-hidden ones are skipped.
"""

import pytest

from .conftest import ARTIFACTS_DIR

pytestmark = pytest.mark.browser

DIALOGUE = "/en/dialogues/compendium-of-good-practices/"
PRODUCT = "/en/knowledge-products/compendium-of-good-practices/"

PAGES = [
    ("home", "/en/"),
    ("home-es", "/es/"),
    ("dialogue-index", "/en/dialogues/"),
    ("dialogue", DIALOGUE),
    ("week", f"{DIALOGUE}week-2/"),
    ("webinar", f"{DIALOGUE}webinar-english/"),
    ("open-week", "/en/dialogues/sample-dialogue/sample-week-2/"),
    ("product-index", "/en/knowledge-products/"),
    ("product", PRODUCT),
    ("case-study", f"{PRODUCT}mupan/"),
    ("search", "/en/search/?q=gender"),
    ("sign-in", "/en/accounts/login/"),
    ("sign-up", "/en/accounts/signup/"),
]
WIDTHS = {"phone": 375, "tablet": 768, "desktop": 1280}

OVERLAPS = """() => {
    const selector = [
        'h1', 'h2', 'h3', 'h4', 'p', 'dt', 'dd', 'figcaption', 'a', 'button', 'input:not([type=hidden])', 'select',
        'textarea', 'label', 'img', '.badge', '.status', '.date-block', '.avatar',
    ].join(', ');
    const shown = (element) => {
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || style.display === 'none') return false;
        const box = element.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && !element.closest('[hidden], .visually-hidden, .skip-link');
    };
    const elements = [...document.querySelectorAll(selector)].filter(shown);
    const boxes = elements.map((element) => [...element.getClientRects()].filter((r) => r.width > 1 && r.height > 1));
    const describe = (element) => {
        const text = (element.textContent || element.getAttribute('alt') || element.getAttribute('name') || '')
            .trim().replace(/\\s+/g, ' ').slice(0, 40);
        const kind = element.className ? '.' + String(element.className).split(' ')[0] : '';
        return `${element.tagName.toLowerCase()}${kind} "${text}"`;
    };
    const found = [];
    for (let i = 0; i < elements.length; i++) {
        for (let j = i + 1; j < elements.length; j++) {
            const a = elements[i], b = elements[j];
            if (a.contains(b) || b.contains(a)) continue;
            for (const ra of boxes[i]) {
                for (const rb of boxes[j]) {
                    const width = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
                    const height = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
                    if (width > 2 && height > 2) {
                        const size = `${Math.round(width)}x${Math.round(height)} px`;
                        found.push(`${describe(a)} overlaps ${describe(b)} (${size})`);
                    }
                }
            }
        }
    }
    return [...new Set(found)].slice(0, 10);
}"""

WIDER_THAN_VIEWPORT = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .filter((element) => !element.closest('.visually-hidden'))
        .slice(0, 5)
        .map((element) => {
            const right = Math.round(element.getBoundingClientRect().right);
            return `${element.tagName.toLowerCase()}.${element.className} (right edge ${right} px)`;
        });
}"""


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize(("slug", "path"), [pytest.param(name, path, id=name) for name, path in PAGES])
def test_page_fits_the_screen_without_overlaps(demo_site, page, slug, path, device):
    width = WIDTHS[device]
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    # Load the lazy pictures too, so that the screenshot shows the whole page.
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    page.wait_for_load_state("load")

    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"layout-{slug}-{device}.png"), full_page=True)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{path} scrolls sideways at {width} px ({scroll_width} px wide): {page.evaluate(WIDER_THAN_VIEWPORT)}"
    )
    overlaps = page.evaluate(OVERLAPS)
    assert overlaps == [], f"{path} at {width} px draws elements over each other: {overlaps}"


def test_every_main_page_weighs_under_150_kb_on_first_load(demo_site, browser, live_server):
    """What a first visit downloads, page and every asset it loads (pictures included, the browser
    choosing among each ``<picture>``'s formats and widths), measured in a fresh browser at desktop
    width: under 150 KB each, all from the site itself. A recording's own audio or video
    (``preload="metadata"``, which Chromium may take in full for a short file) is shown apart and not
    counted: it is the content a visitor came for, not the page's weight. Sizes are as sent by the
    test server, uncompressed (production gzips CSS and JS with whitenoise). The figures go to
    ``test-artifacts/page-weights.md`` for the README."""
    rows, too_heavy = [], []
    for slug, path in PAGES:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        visit = context.new_page()
        loaded = []
        visit.on("requestfinished", lambda request, loaded=loaded: loaded.append(request))
        visit.goto(path)
        visit.wait_for_load_state("networkidle")
        sizes = {"document": 0, "css": 0, "js": 0, "images": 0, "other": 0, "media": 0}
        for request in loaded:
            size = request.sizes()["responseBodySize"]
            kind = {
                "document": "document",
                "stylesheet": "css",
                "script": "js",
                "image": "images",
                "media": "media",
            }.get(request.resource_type, "other")
            sizes[kind] += size
        context.close()
        total = sum(size for kind, size in sizes.items() if kind != "media")
        rows.append((slug, path, sizes, total, len(loaded)))
        elsewhere = [request.url for request in loaded if not request.url.startswith(live_server.url)]
        assert elsewhere == [], f"{path} loads from another host: {elsewhere}"
        if total >= 150 * 1024:
            too_heavy.append(f"{path}: {total / 1024:.1f} KB")

    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    lines = [
        "| page | HTML KB | CSS KB | JS KB | images KB | other KB | total KB | requests | recording KB (apart) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for slug, path, sizes, total, count in rows:
        kb = {kind: f"{size / 1024:.1f}" for kind, size in sizes.items()}
        lines.append(
            f"| {slug} `{path}` | {kb['document']} | {kb['css']} | {kb['js']} | {kb['images']} | {kb['other']} "
            f"| **{total / 1024:.1f}** | {count} | {kb['media'] if sizes['media'] else ''} |"
        )
    (ARTIFACTS_DIR / "page-weights.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert all(total > 0 for *_rest, total, _count in rows)
    assert too_heavy == [], f"over 150 KB on first load: {too_heavy}"
