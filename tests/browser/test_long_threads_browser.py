"""Long threads in a real browser: "Show N more replies" loads the rest in place, and an old
link to a comment that is not on the page (#c123) is sent to the page that holds it."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import add_comment, make_member

from .helpers import open_week, path_of

pytestmark = pytest.mark.browser


def test_more_replies_load_in_place_and_old_comment_links_find_their_page(demo_site, page, live_server):
    _, week = open_week("Long threads", "A long week", ["What worked?"])
    author = make_member("longthreads")
    top = add_comment(week, author, "The thread starts here")
    replies = [add_comment(week, author, f"Reply number {n}", parent=top) for n in range(6)]
    week_path = path_of(week)

    page.goto(f"{live_server.url}{week_path}")
    comments = page.locator("ol.comments > li.comment")
    expect(comments).to_have_count(4)
    page.get_by_role("link", name="Show 3 more replies").click()
    expect(comments).to_have_count(7)
    expect(page.locator(f"li#c{replies[5].pk}")).to_contain_text("Reply number 5")
    expect(page.get_by_role("link", name=re.compile("more repl"))).to_have_count(0)
    assert page.url.endswith(week_path)  # in place: the page was not left

    # A link to a later reply, as an older email has it: the script finds the page that holds it.
    page.goto(f"{live_server.url}/en/")
    page.goto(f"{live_server.url}{week_path}#c{replies[4].pk}")
    expect(page).to_have_url(re.compile(rf"/discussion/thread/{top.pk}/\?after=\d+#c{replies[4].pk}$"))
    expect(page.locator(f"li#c{replies[4].pk}")).to_contain_text("Reply number 4")
