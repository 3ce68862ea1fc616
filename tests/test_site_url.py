"""One source of truth for the site's address: every absolute link follows `manage.py set_site_url`."""

from datetime import timedelta

import pytest

from django.contrib.sites.models import Site as DjangoSite
from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Site

from .factories import DialoguePageFactory, WebinarPageFactory

ADDRESS = "http://127.0.0.1:8123"


@pytest.fixture
def webinar(dialogue_index):
    now = timezone.now()
    dialogue = DialoguePageFactory(parent=dialogue_index, start_at=now, end_at=now + timedelta(days=20))
    return WebinarPageFactory(parent=dialogue, starts_at=now + timedelta(days=2), slug="panel")


@pytest.mark.django_db
def test_the_command_points_both_sites_at_the_address(home):
    call_command("set_site_url", ADDRESS, verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, ADDRESS)
    assert DjangoSite.objects.get_current().domain == "127.0.0.1:8123"


@pytest.mark.django_db
def test_absolute_links_carry_the_configured_host_and_port(client, webinar):
    call_command("set_site_url", ADDRESS, verbosity=0)

    page = client.get(webinar.url).content.decode()
    ics = client.get(f"{webinar.url}event.ics").content.decode().replace("\r\n ", "")
    sitemap = client.get("/sitemap.xml").content.decode()

    assert f'<meta property="og:url" content="{ADDRESS}{webinar.url}">' in page
    assert f'"url": "{ADDRESS}{webinar.url}"' in page  # JSON-LD
    assert f"URL:{ADDRESS}{webinar.url}" in ics
    assert f"<loc>{ADDRESS}{webinar.url}</loc>" in sitemap
    assert "http://localhost/" not in page + ics + sitemap


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad", ["ftp://example.org", "example.org", "http://", "https://example.org:8443", "http://x/y"]
)
def test_a_malformed_address_is_refused_and_changes_nothing(home, bad):
    before = Site.objects.values_list("hostname", "port").get(is_default_site=True)
    with pytest.raises(CommandError):
        call_command("set_site_url", bad, verbosity=0)
    assert Site.objects.values_list("hostname", "port").get(is_default_site=True) == before
