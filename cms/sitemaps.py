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
        items = list(self.paginator.page(page).object_list)
        alternates_by_key = self.alternates_by_translation_key({item.translation_key for item in items})
        urls = []
        last_mods = set()
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                url_info.setdefault("alternates", alternates_by_key.get(item.translation_key, []))
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates_by_translation_key(self, translation_keys):
        """{translation key: hreflang alternates}: every live, public translation, in one query.

        A page with no translation gets none (an alternate to itself only says nothing).
        """
        translations = (
            Page.objects.filter(translation_key__in=translation_keys)
            .live()
            .public()
            .select_related("locale")
            .order_by("locale__language_code")
        )
        alternates_by_key = {}
        for translation in translations:
            alternates_by_key.setdefault(translation.translation_key, []).append(
                {"location": translation.get_full_url(self.request), "lang_code": translation.locale.language_code}
            )
        for key, alternates in list(alternates_by_key.items()):
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if len(alternates) < 2:
                alternates_by_key[key] = []
            elif default:
                alternates.append({"location": default["location"], "lang_code": "x-default"})
        return alternates_by_key
