"""RSS feeds (Django's syndication framework), per language: new dialogues, recordings as a
podcast, and a dialogue's newest visible comments. Only live, public pages and visible
comments ever appear; authors by their public name, never an email address."""

import copy
import html
import mimetypes

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import format_html, strip_tags
from django.utils.translation import get_language, gettext, gettext_lazy

from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from localized_pages.listings import in_language, show_in_language

from ..models import DialogueIndexPage, DialoguePage, RecordingsArchivePage, WebinarPage, WeeklyQuestionPage
from ..models.comments import DialogueComment

ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
FEED_LENGTH = 30


def plain_text(rich_text):
    """A rich text field's words, for a feed's plain-text description."""
    # Unescaped: the feed generator escapes the text again for XML.
    return html.unescape(strip_tags(expand_db_html(rich_text or ""))).strip()


def active_locale():
    """The reader's language (from the URL prefix) as a Wagtail locale; None if no page is in it yet.

    Not ``Locale.get_active()``, which falls back to the default locale: a French feed
    before any French page exists is empty, not English.
    """
    return Locale.objects.filter(language_code=get_language()).first()


class PageFeed(Feed):
    """A feed of pages in the reader's language, built with the request at hand (for absolute URLs)."""

    def __call__(self, request, *args, **kwargs):
        # The URLconf holds one instance for every request: each request gets its own copy.
        feed = copy.copy(self)
        feed.request = request
        return super(PageFeed, feed).__call__(request, *args, **kwargs)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at


class DialoguesFeed(PageFeed):
    """New virtual dialogues in the reader's language."""

    title = gettext_lazy("Virtual Dialogues")
    description = gettext_lazy("New virtual dialogues of the Community of Practice.")

    def link(self):
        index = DialogueIndexPage.objects.live().public().filter(locale=active_locale()).first()
        return index.get_url(self.request) if index else f"/{get_language()}/"

    def items(self):
        # Every dialogue once: in the reader's language, else (not translated yet) in its own.
        dialogues = in_language(DialoguePage.objects.live().public(), get_language()).defer_streamfields()
        return show_in_language(dialogues.order_by("-first_published_at")[:FEED_LENGTH], get_language())

    def item_description(self, item):
        return plain_text(item.introduction)

    def item_pubdate(self, item):
        # Pages imported or created outside the editor may never have been "first published".
        return item.first_published_at or item.start_at


class PodcastFeed(Rss201rev2Feed):
    """RSS 2.0 with the iTunes podcast tags and ``content:encoded``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES_NAMESPACE, "xmlns:content": CONTENT_NAMESPACE}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["itunes_author"])
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:category", "", {"text": "Education"})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("itunes_duration"):
            handler.addQuickElement("itunes:duration", item["itunes_duration"])
        handler.addQuickElement("itunes:summary", item["description"] or "")
        handler.addQuickElement("itunes:explicit", "false")
        if item.get("itunes_image"):
            handler.addQuickElement("itunes:image", "", {"href": item["itunes_image"]})
        if item.get("content_encoded"):
            handler.addQuickElement("content:encoded", item["content_encoded"])


def duration_label(seconds):
    """``itunes:duration`` as H:MM:SS."""
    seconds = int(seconds or 0)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class RecordingsFeed(PageFeed):
    """Webinar recordings in the reader's language, as a podcast: each uploaded file is an enclosure."""

    feed_type = PodcastFeed
    title = gettext_lazy("Virtual Dialogue recordings")
    description = gettext_lazy("Recordings and transcripts of the Community of Practice's webinars.")

    def link(self):
        archive = RecordingsArchivePage.objects.live().public().filter(locale=active_locale()).first()
        return archive.get_url(self.request) if archive else f"/{get_language()}/"

    def feed_extra_kwargs(self, obj):
        return {"itunes_author": gettext("Community of Practice")}

    def items(self):
        # Every recording once: in the reader's language, else (not translated yet) in its own.
        webinars = in_language(WebinarPage.objects.live().public().recorded(), get_language())
        return show_in_language(
            webinars.select_related("recording_media", "recording_poster").order_by("-starts_at")[:FEED_LENGTH],
            get_language(),
        )

    def item_pubdate(self, item):
        return item.starts_at

    def item_description(self, item):
        return plain_text(item.introduction)

    def item_enclosures(self, item):
        media = item.recording_media
        if media is None:
            return []
        try:
            length = media.file.size
        except OSError:
            length = 0
        mime_type = mimetypes.guess_type(media.file.name)[0] or f"{media.type}/mpeg"
        return [Enclosure(self.request.build_absolute_uri(media.url), str(length), mime_type)]

    def item_extra_kwargs(self, item):
        extra = {}
        if item.recording_media is not None:
            extra["itunes_duration"] = duration_label(item.recording_media.duration)
        if item.recording_poster is not None:
            rendition = item.recording_poster.get_rendition("fill-1400x1400")
            extra["itunes_image"] = self.request.build_absolute_uri(rendition.url)
        transcript = item.transcript_text()
        if transcript:
            extra["content_encoded"] = format_html("<h2>{}</h2><pre>{}</pre>", gettext("Transcript"), transcript)
        return extra


class DialogueCommentsFeed(PageFeed):
    """A dialogue's newest visible comments, from all its live, public weeks.

    Comments come from ``DialogueComment.get_indexed_objects()`` (published, not removed,
    on a live, public page): the same rule as search. A draft or private dialogue is a 404.
    """

    def get_object(self, request, page_id):
        dialogue = DialoguePage.objects.live().public().filter(pk=page_id).first()
        if dialogue is None:
            raise Http404
        return dialogue

    def title(self, obj):
        return gettext("Comments on “%(dialogue)s”") % {"dialogue": obj.title}

    def description(self, obj):
        return gettext("The newest comments in the discussion of “%(dialogue)s”.") % {"dialogue": obj.title}

    def link(self, obj):
        return obj.get_url(self.request)

    def items(self, obj):
        weeks = WeeklyQuestionPage.objects.child_of(obj).live().public()
        thread_pks = {str(week.thread_page.pk) for week in weeks}
        return (
            DialogueComment.get_indexed_objects()
            .filter(object_pk__in=thread_pks)
            .prefetch_related("content_object")
            .order_by("-submit_date")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.search_result_title()

    def item_description(self, item):
        return item.comment

    def item_link(self, item):
        return item.search_result_url(self.request)

    def item_author_name(self, item):
        # The public name only: ``user_email`` and ``user_name`` are never read here.
        return item.author_public_name or gettext("A former member")

    def item_pubdate(self, item):
        return item.submit_date
