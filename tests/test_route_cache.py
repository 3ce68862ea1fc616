"""Kept routes and listings (``cms/route_cache.py``, ``localized_pages/versions.py``).

A page's route, its view restrictions, the main menu, breadcrumbs, translations and a
dialogue's listings are asked once per version of the page tree. These tests prove the
second view of a page asks (almost) nothing, and that every change that could alter an
answer is seen on the very next request: publishing, unpublishing, moving, a view
restriction, a person's profile, a new locale.
"""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from wagtail.models import Locale, PageViewRestriction

from localized_pages import locales

from .factories import DialoguePageFactory, PersonFactory, WebinarPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache():
    """The whole-page cache off: every request renders, as for a member."""
    with override_settings(PAGE_CACHE_ENABLED=False):
        yield


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, [query["sql"] for query in context.captured_queries]


def publish(page):
    page.save_revision().publish()


def test_a_second_view_walks_no_tree_and_reads_no_restriction(client, week):
    url = week.url
    first, cold = queries(client, url)
    second, warm = queries(client, url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(warm) < len(cold)
    assert not [sql for sql in warm if "wagtailcore_pageviewrestriction" in sql]
    assert not [sql for sql in warm if 'FROM "wagtailcore_site"' in sql]
    assert not [sql for sql in warm if 'FROM "wagtailcore_locale"' in sql]
    # What is left is the week's own discussion.
    assert all("comment" in sql for sql in warm), warm


def test_an_unpublished_page_is_gone_on_the_next_request(client, week):
    url = week.url
    assert client.get(url).status_code == 200
    week.unpublish()
    assert client.get(url).status_code == 404


def test_a_moved_page_is_found_at_its_new_address(client, week, dialogue_index):
    other = DialoguePageFactory(parent=dialogue_index, title="Another dialogue")
    old_url = week.url
    assert client.get(old_url).status_code == 200
    week.move(other, pos="last-child")
    week.refresh_from_db()
    old = client.get(old_url)  # Wagtail's automatic redirect, not the kept route
    assert old.status_code == 301 and old["Location"] == week.url
    assert client.get(week.url).status_code == 200


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def test_a_new_view_restriction_applies_on_the_next_request(client, week, member, restriction_type):
    url = week.url
    assert client.get(url).status_code == 200
    restriction = PageViewRestriction.objects.create(page=week.get_parent(), restriction_type=restriction_type)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    if restriction_type == PageViewRestriction.GROUPS:
        group = Group.objects.create(name="Partners")
        restriction.groups.add(group)
        client.force_login(member)
        assert client.get(url).status_code == 302  # signed in, not in the group
        member.groups.add(group)
        assert client.get(url).status_code == 200
    restriction.delete()
    client.logout()
    assert client.get(url).status_code == 200


def test_a_restricted_page_stays_restricted_when_its_route_is_kept(client, week, member):
    PageViewRestriction.objects.create(page=week, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):  # the second answer comes from the kept route
        assert client.get(week.url).status_code == 302
    client.force_login(member)
    assert client.get(week.url).status_code == 200


def test_the_menu_lists_a_newly_published_section_at_once(client, home, week):
    section = DialoguePageFactory.build(title="Knowledge fair", show_in_menus=True, live=False)
    home.add_child(instance=section)
    assert "Knowledge fair" not in client.get(week.url).content.decode()
    publish(section)
    assert "Knowledge fair" in client.get(week.url).content.decode()
    section.refresh_from_db()
    section.unpublish()
    assert "Knowledge fair" not in client.get(week.url).content.decode()


def test_a_dialogue_lists_a_webinar_published_after_its_first_view(client, week):
    dialogue = week.get_parent().specific
    assert "Second webinar" not in client.get(dialogue.url).content.decode()
    webinar = WebinarPageFactory.build(title="Second webinar", live=False)
    dialogue.add_child(instance=webinar)
    publish(webinar)
    assert "Second webinar" in client.get(dialogue.url).content.decode()


def test_a_moderators_new_name_shows_on_the_next_view(client, week):
    dialogue = week.get_parent().specific
    person = PersonFactory(name="Ana Lima")
    dialogue.moderators.create(person=person)
    publish(dialogue)
    assert "Ana Lima" in client.get(dialogue.url).content.decode()
    person.name = "Ana Lima Souza"
    person.save()
    assert "Ana Lima Souza" in client.get(dialogue.url).content.decode()


def test_a_new_locale_is_read_again(week):
    assert locales.locale_for("pt") is None
    Locale.objects.create(language_code="pt")
    assert locales.locale_for("pt") is not None


def test_an_answer_that_cannot_be_kept_is_computed_again(rf):
    from localized_pages.versions import cached_per_version

    calls = []

    def compute():
        calls.append(1)
        return lambda: "a function cannot be pickled"

    request = rf.get("/")
    for _ in range(2):
        answer = cached_per_version(request, "unpicklable", compute)
        assert answer() == "a function cannot be pickled"
    assert len(calls) == 2


def test_the_search_finds_its_site_without_a_query_and_sees_a_changed_site(client, week):
    from wagtail.models import Site

    first, cold = queries(client, "/en/search/?q=week")
    assert first.context["result_count"] >= 1, "a result links to its page (get_url needs the site)"
    assert [sql for sql in cold if 'FROM "wagtailcore_site"' in sql]
    response, warm = queries(client, "/en/search/?q=week&page=1")
    assert response.status_code == 200
    assert not [sql for sql in warm if 'FROM "wagtailcore_site"' in sql]
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed"
    site.save()
    _response, after_change = queries(client, "/en/search/?q=week&page=2")
    assert [sql for sql in after_change if 'FROM "wagtailcore_site"' in sql], "a changed site is read again"
