"""URL configuration: the admin and documents outside, public pages prefixed by language.

Each app is wired through its own ``urls.py``; nothing here imports an app's views.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.api import api_router
from cms.sitemaps import TranslatedPagesSitemap

urlpatterns = [
    path("", include("home.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", cms_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedPagesSitemap}}, name="sitemap"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # `make run` and `make serve` (no web server in front for uploads), with byte ranges so
    # recordings can be sought.
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", cms_views.serve_media)]

# A busy SQLite database ("database is locked") gets a 503 asking to retry, not the 500 page.
handler500 = "cms.views.server_error"

urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("members.urls")),
    path("emails/", include("mailings.urls")),
    path("discussion/", include("dialogue_pages.urls")),
    path("feeds/", include("dialogue_pages.feeds.urls")),
    path("", include("dialogue_pages.page_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
