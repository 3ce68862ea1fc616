"""Designed error pages; light pages with no third-party requests."""

import re

import pytest

from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.usefixtures("demo_site")


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom)]


@pytest.mark.django_db
def test_unknown_url_gets_the_designed_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'role="search"' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_gets_the_designed_500():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


PAGES = [
    "/en/",
    "/en/dialogues/",
    "/en/dialogues/compendium-of-good-practices/",
    "/en/dialogues/compendium-of-good-practices/week-2/",
    "/en/dialogues/compendium-of-good-practices/webinar-english/",
    "/en/knowledge-products/compendium-of-good-practices/",
    "/en/search/?q=good+practice",
]


def asset_urls(html):
    """What the page makes the browser load (not the addresses it names: canonical, alternates)."""
    tags = re.findall(r'<(?:script|link|img|iframe|video|audio|source)\b[^>]*>', html)
    loaded = [tag for tag in tags if not re.search(r'rel="(?:canonical|alternate)"', tag)]
    return [match.group(1) for tag in loaded if (match := re.search(r'(?:src|href)="([^"]+)"', tag))]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_load_nothing_from_other_hosts(client, url):
    html = client.get(url).content.decode()
    for asset in asset_urls(html):
        other_host = re.match(r"^(https?:)?//", asset) and not re.match(r"^(https?:)?//testserver/", asset)
        assert not other_host, f"{url} loads {asset}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_text_pages_weigh_under_150_kb_with_their_css_and_js(client, url):
    html = client.get(url).content.decode()
    total = len(html.encode())
    for asset in asset_urls(html):
        if asset.startswith("/static/") and asset.endswith((".css", ".js")):
            found = finders.find(asset.removeprefix("/static/"))
            assert found, asset
            with open(found, "rb") as handle:
                total += len(handle.read())
    assert total < 150 * 1024, f"{url} weighs {total} bytes"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_have_landmarks_a_skip_link_and_one_h1(client, url):
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<footer" in html and 'role="search"' in html
    assert html.count("<h1") == 1
