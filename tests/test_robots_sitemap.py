"""/robots.txt names the sitemap; the sitemap lists every language's pages with hreflang alternates."""

import xml.etree.ElementTree as ET

import pytest

from wagtail.models import Page, PageViewRestriction

from .factories import DialoguePageFactory, LocaleFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def translate_and_publish(page, language_code):
    """``page`` copied into ``language_code`` (with its parents) and published."""
    translation = page.copy_for_translation(LocaleFactory(language_code=language_code), copy_parents=True)
    for page_in_language in Page.objects.filter(locale=translation.locale, live=False).specific():
        page_in_language.save_revision().publish()  # the copied parents too
    return translation.specific.__class__.objects.get(pk=translation.pk)


def sitemap_entries(client):
    """{location: {hreflang: href}} from /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted input)
    return {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link[@rel='alternate']")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /en/discussion/" in lines and "Disallow: /es/accounts/" in lines
    assert "Disallow: /fr/emails/" in lines  # unsubscribe links and email choices
    assert "Disallow: /" not in lines  # public pages stay crawlable


@pytest.mark.django_db
def test_sitemap_lists_every_language_with_hreflang_alternates(client, dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index, title="Resistances", slug="resistances")
    spanish = translate_and_publish(dialogue, "es")
    french = translate_and_publish(dialogue, "fr")

    entries = sitemap_entries(client)

    english_url, spanish_url, french_url = (page.full_url for page in (dialogue, spanish, french))
    assert {english_url, spanish_url, french_url} <= set(entries)
    expected = {"en": english_url, "es": spanish_url, "fr": french_url, "x-default": english_url}
    for url in (english_url, spanish_url, french_url):
        assert entries[url] == expected


@pytest.mark.django_db
def test_sitemap_leaves_out_drafts_and_private_pages(client, dialogue_index):
    DialoguePageFactory(parent=dialogue_index, slug="draft-dialogue", live=False)
    private = DialoguePageFactory(parent=dialogue_index, slug="private-dialogue")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = DialoguePageFactory(parent=dialogue_index, slug="public-dialogue")

    locations = " ".join(sitemap_entries(client))

    assert public.full_url in locations
    assert "draft-dialogue" not in locations and "private-dialogue" not in locations


@pytest.mark.django_db
def test_sitemap_alternates_do_not_add_a_query_per_page(client, dialogue_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_sitemap():
        client.get("/sitemap.xml")  # warm Wagtail's per-request site caches alike
        with CaptureQueriesContext(connection) as context:
            assert client.get("/sitemap.xml").status_code == 200
        return len(context)

    translate_and_publish(DialoguePageFactory(parent=dialogue_index), "es")
    few = queries_for_sitemap()
    for _ in range(4):
        translate_and_publish(DialoguePageFactory(parent=dialogue_index), "es")
    assert queries_for_sitemap() == few
