"""iCalendar (RFC 5545) files for webinars and dialogues, made with the ``icalendar`` package."""

from datetime import UTC
from urllib.parse import urlencode, urlsplit

from icalendar import Calendar, Event

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

PRODID = "-//Community of Practice//Virtual Dialogues//EN"


def _utc(moment):
    return moment.astimezone(UTC)


def _event(kind, page, request, *, start, end, summary, description, location=None):
    """One VEVENT for ``page``: a UID stable across edits, languages and hosts (the page's
    translation key at the site's domain), UTC times, and the page's address."""
    url = page.get_full_url(request)
    event = Event()
    event.add("uid", f"{kind}-{page.translation_key}@{urlsplit(url).hostname}")
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(start))
    event.add("dtend", _utc(end))
    event.add("summary", summary)
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("url", url)
    event.add("location", location or url)
    return event


def webinar_event(webinar, request, *, with_join_link=False):
    """The webinar as a VEVENT whose location is the webinar's page, where members join.

    The join link is for members only: it is the location only in a member's personal
    calendar (``with_join_link``), never in a file or link anyone may fetch.
    """
    return _event(
        "webinar",
        webinar,
        request,
        start=webinar.starts_at,
        end=webinar.ends_at,
        summary=f"{webinar.title} – {webinar.dialogue.title}",
        description=" ".join(strip_tags(webinar.introduction).split()),
        location=webinar.join_url if with_join_link else None,
    )


def week_event(week, request):
    """A week of discussion as a VEVENT spanning the days it is open, listing its questions."""
    return _event(
        "week",
        week,
        request,
        start=week.opens_at,
        end=week.closes_at,
        summary=_("%(week)s opens – %(dialogue)s") % {"week": week.title, "dialogue": week.dialogue.title},
        description="\n".join(week.question_texts),
    )


def calendar_response(events, filename, *, personal=False):
    """An ``.ics`` download holding ``events``; a ``personal`` one is never stored by a shared cache."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for event in events:
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "calendar"}.ics"'
    if personal:
        patch_cache_control(response, private=True, no_store=True)
    return response


def web_calendar_links(webinar, request):
    """“Add to calendar” links for common web calendars (nothing loads until the visitor clicks).

    They are public, so they say where to join (the webinar's page), not the join link.
    """
    start, end = _utc(webinar.starts_at), _utc(webinar.ends_at)
    url = webinar.get_full_url(request)
    title = f"{webinar.title} – {webinar.dialogue.title}"
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
            "details": url,
            "location": url,
        }
    )
    outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "subject": title,
            "startdt": start.isoformat(),
            "enddt": end.isoformat(),
            "body": url,
            "location": url,
            "path": "/calendar/action/compose",
            "rru": "addevent",
        }
    )
    return [("Google Calendar", google), ("Outlook.com", outlook)]
