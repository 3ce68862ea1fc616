"""schema.org JSON-LD and Open Graph for webinar pages.

Before the event a webinar is an online ``Event`` (its organiser, its panel);
once the recording is posted it is also a ``VideoObject`` with its chapters as
``Clip``s and its transcript.
"""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..transcripts import transcript_as_text

# What must not appear raw inside a <script> element (as Django's json_script escapes it).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    """``data`` as JSON safe to place inside ``<script type="application/ld+json">``."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_ESCAPES))  # noqa: S308


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def _iso_duration(seconds):
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"PT{hours}H{minutes}M{secs}S"


def description_of(webinar):
    """A one-paragraph plain-text description for search engines and link previews."""
    text = webinar.search_description or strip_tags(webinar.introduction or "")
    return Truncator(" ".join(text.split())).chars(300)


def image_url(webinar, request):
    """The still image as an absolute URL (a 1200-pixel-wide rendition), or None."""
    if not webinar.recording_poster:
        return None
    return _absolute(request, webinar.recording_poster.get_rendition("width-1200").url)


def _person(person):
    data = {"@type": "Person", "name": person.name}
    if person.role:
        data["jobTitle"] = person.role
    if person.organisation:
        data["affiliation"] = {"@type": "Organization", "name": person.organisation}
    return data


def event_data(webinar, request, panellists, site_name, image):
    url = webinar.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": webinar.title,
        "description": description_of(webinar),
        "startDate": webinar.starts_at.isoformat(),
        "endDate": webinar.ends_at.isoformat(),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "inLanguage": webinar.language,
        "url": url,
        "location": {"@type": "VirtualLocation", "url": url},
        "organizer": {"@type": "Organization", "name": site_name, "url": _absolute(request, "/")},
        "performer": [_person(link.person) for link in panellists],
        "superEvent": {
            "@type": "Event",
            "name": webinar.dialogue.title,
            "url": webinar.dialogue.get_full_url(request),
        },
    }
    if image:
        data["image"] = image
    return data


def video_data(webinar, request, image):
    url = webinar.get_full_url(request)
    media = webinar.recording_media
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": webinar.title,
        "description": description_of(webinar),
        "uploadDate": (media.created_at if media else webinar.last_published_at or webinar.ends_at).isoformat(),
        "inLanguage": webinar.language,
        "url": url,
    }
    if image:
        data["thumbnailUrl"] = image
    if media:
        data["contentUrl"] = _absolute(request, media.url)
        if media.duration:
            data["duration"] = _iso_duration(media.duration)
    elif webinar.recording_embed:
        data["embedUrl"] = webinar.recording_embed.url
    else:
        data["contentUrl"] = webinar.recording_url
    chapters = webinar.sorted_chapters
    if chapters:
        data["hasPart"] = [
            {
                "@type": "Clip",
                "name": chapter.title,
                "startOffset": chapter.seconds,
                **({"endOffset": following.seconds} if following else {}),
                "url": f"{url}?t={chapter.seconds}#recording",
            }
            for chapter, following in zip(chapters, [*chapters[1:], None], strict=True)
        ]
    if webinar.transcript_lines:
        data["transcript"] = transcript_as_text(webinar.transcript_lines)
    return data


def webinar_structured_data(webinar, request, panellists, site_name, image=None):
    """The page's JSON-LD: the Event, plus the VideoObject once the recording is posted.

    ``image`` is the still image's absolute URL (see ``image_url``), shared with the Open Graph tags.
    """
    items = [event_data(webinar, request, panellists, site_name, image)]
    if webinar.has_recording:
        items.append(video_data(webinar, request, image))
    return json_ld(items)
