"""Set the site's public address: the one source of every absolute link.

Wagtail's default ``Site`` (hostname and port) makes the absolute URLs of pages, so the
sitemap, canonical and ``og:url`` links, JSON-LD, calendar files, feeds and the links in
emails all come from it; django.contrib.sites' ``Site`` (used by django-comments-xtd's
emails) gets the same address. ``make run`` and ``make serve`` call this with the
address they serve on; in production, set ``SITE_URL``.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_site_url(url):
    """(hostname, port) of ``url``, e.g. ``http://127.0.0.1:8123`` -> ("127.0.0.1", 8123)."""
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError as error:
        raise CommandError(f"Not a valid port in {url!r}.") from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path.strip("/"):
        raise CommandError(f"Give the site's address as http(s)://host[:port], not {url!r}.")
    if parts.scheme == "https" and port != 443:
        raise CommandError("Wagtail serves https only on port 443; put a proxy in front for another port.")
    return parts.hostname, port


def set_site_url(url):
    """Point the default Wagtail Site and the django.contrib.sites Site at ``url``; return the Wagtail Site."""
    hostname, port = parse_site_url(url)
    with transaction.atomic():
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Wagtail Site yet: run migrate first.")
        site.hostname, site.port = hostname, port
        site.save()
        netloc = hostname if port == DEFAULT_PORTS[urlsplit(url).scheme] else f"{hostname}:{port}"
        DjangoSite.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": netloc})
    Site.clear_site_root_paths_cache()
    return site


class Command(BaseCommand):
    help = (
        "Set the site's public address (Wagtail's default Site and django.contrib.sites), e.g. http://127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="The address visitors use; default: the SITE_URL setting.")

    def handle(self, *args, url=None, **options):
        site = set_site_url(url or settings.SITE_URL)
        if options["verbosity"]:
            self.stdout.write(f"Links now point to {site.root_url}/")
