"""Files served at a page's own URL (under the language prefix, before Wagtail's page serving).

Wagtail's page URLs cannot end in a file name, so these views find the page at
``page_path`` as Wagtail would (live, public pages of this site) and ask it for the file:
``<webinar url>event.ics``, a member's ``<webinar url>my-event.ics``,
``<dialogue url>calendar.ics`` and ``<webinar url>captions-<lang>.vtt``.
"""

from django.urls import re_path

from .webinars import views

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)(?P<name>event|calendar|my-event)\.ics$",
        views.page_calendar,
        name="page-calendar",
    ),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)captions-(?P<language>[a-z]{2}(?:-[a-z]+)?)\.vtt$",
        views.page_captions,
        name="page-captions",
    ),
]
