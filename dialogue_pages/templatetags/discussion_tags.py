"""Rendering members' comments safely."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from ..comment_text import render_comment_text

register = template.Library()


@register.filter
def comment_text(text):
    """Plain text → safe paragraphs and links (see ``dialogue_pages.comment_text``)."""
    return mark_safe(render_comment_text(text))  # noqa: S308 - escaped by urlize and cleaned by nh3


@register.simple_tag
def site_base_url():
    """The site's public address (scheme and host, no trailing slash), for links in emails."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
