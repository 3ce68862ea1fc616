"""Rendering members' comments safely."""

import nh3

from django import template
from django.conf import settings
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def comment_text(text):
    """Plain text → paragraphs with clickable links (rel="nofollow ugc"), never the member's own HTML.

    Everything is escaped first; nh3 then re-checks the result so that only
    paragraphs, line breaks and links can ever reach the page.
    """
    html = linebreaks(urlize(text or "", trim_url_limit=60, nofollow=True, autoescape=True), autoescape=False)
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - escaped by urlize and cleaned by nh3 above


@register.simple_tag
def site_base_url():
    """The site's public address (scheme and host, no trailing slash), for links in emails."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
