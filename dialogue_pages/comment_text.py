"""A member's comment text as safe HTML: computed once when the comment is saved (see
``DialogueComment.save``), and by the ``comment_text`` template filter for anything else."""

import nh3

from django.utils.html import linebreaks, urlize


def render_comment_text(text):
    """Plain text → paragraphs with clickable links (rel="nofollow ugc"), never the member's own HTML.

    Everything is escaped first; nh3 then re-checks the result so that only
    paragraphs, line breaks and links can ever reach the page.
    """
    html = linebreaks(urlize(text or "", trim_url_limit=60, nofollow=True, autoescape=True), autoescape=False)
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
