"""The sitemap: Wagtail's page sitemap, each URL with its translations as hreflang alternates."""

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedPagesSitemap(Sitemap):
    """Every live, public page of every language, each listing its live, public translations.

    Wagtail's sitemap builds its URLs from ``Page.get_sitemap_urls`` and skips Django's
    ``i18n``/``alternates`` machinery (which translates one URL per language with
    ``translation.override``; our translated pages have their own slugs). So the
    alternates come from wagtail-localize's translation links instead, in the shape
    Django's ``sitemap.xml`` template renders as ``<xhtml:link rel="alternate" hreflang>``.
    """

    def items(self):
        # Wagtail lists the site's root page's tree; each translation of the root heads a tree of its own.
        root = self.get_wagtail_site().root_page
        pages = Page.objects.descendant_of(root, inclusive=True)
        for translation in root.get_translations():
            pages |= Page.objects.descendant_of(translation, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # Wagtail's ``_urls``, with each page's alternates added to its URL infos.
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            alternates = self.alternates_for(item)
            for url_info in item.get_sitemap_urls(self.request):
                url_info.setdefault("alternates", alternates)
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates_for(self, page):
        """The hreflang alternates of ``page``: itself and its live, public translations."""
        translations = page.get_translations(inclusive=True).live().public().select_related("locale")
        alternates = [
            {"location": translation.get_full_url(self.request), "lang_code": translation.locale.language_code}
            for translation in translations
        ]
        if len(alternates) < 2:
            return []
        default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
        if default:
            alternates.append({"location": default["location"], "lang_code": "x-default"})
        return sorted(alternates, key=lambda alternate: alternate["lang_code"])
