"""The home page: what is happening now, what is coming, what was recorded, what was published."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from dialogue_pages.models import DialoguePage, WebinarPage
from dialogue_pages.models.dialogues import cache_seconds_until_change
from knowledge_products.models import KnowledgeProductPage
from localized_pages.listings import in_language, public, show_in_language
from localized_pages.pages import LocalizedPage
from localized_pages.versions import cached_per_version


class HomePage(LocalizedPage, Page):
    """The site's root page in each language."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two welcoming visitors to the Community of Practice."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "dialogue_pages.DialogueIndexPage",
        "knowledge_products.KnowledgeProductIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def listed(self, request=None):
        """Every live, public dialogue and webinar once (in this page's language, else in their
        own) and the latest knowledge products, kept until the page tree changes
        (``cached_per_version``): which of them is open, next or recorded is decided from the
        clock on each view (``featured_dialogue``, ``upcoming_webinars``, ``latest_recordings``)."""
        found = self.__dict__.get("_listed")
        if found is None:
            found = self.__dict__["_listed"] = cached_per_version(
                request, f"home|{self.pk}|{self.locale_id}", self._listings
            )
        return found

    def _listings(self):
        dialogues = in_language(public(DialoguePage.objects.live()), self.locale)
        products = in_language(public(KnowledgeProductPage.objects.live()), self.locale)
        return {
            "dialogues": show_in_language(
                list(dialogues.defer_streamfields().select_related("image").order_by("start_at")), self.locale
            ),
            "webinars": show_in_language(
                list(
                    self.webinars()
                    .defer_streamfields()
                    .defer("transcript")
                    .select_related("recording_poster")
                    .order_by("starts_at")
                ),
                self.locale,
            ),
            "knowledge_products": show_in_language(
                list(products.defer_streamfields().select_related("cover_image").order_by("-publication_date")[:3]),
                self.locale,
            ),
        }

    def featured_dialogue(self, now, request=None):
        """The dialogue open now; else the next one to open; else the most recent one."""
        dialogues = self.listed(request)["dialogues"]
        open_now = [dialogue for dialogue in dialogues if dialogue.start_at <= now < dialogue.end_at]
        upcoming = [dialogue for dialogue in dialogues if dialogue.start_at > now]
        ended = [dialogue for dialogue in dialogues if dialogue.end_at <= now]
        if open_now or upcoming:
            return (open_now or upcoming)[0]  # listed by start: the earliest
        return max(ended, key=lambda dialogue: dialogue.end_at) if ended else None

    def webinars(self):
        """Every live, public webinar once: in this page's language, else in its own."""
        return in_language(public(WebinarPage.objects.live()), self.locale)

    def upcoming_webinars(self, now, request=None):
        """Live now first, then the next ones (a webinar stays listed until it ends)."""
        return [webinar for webinar in self.listed(request)["webinars"] if webinar.ends_at > now][:3]

    def latest_recordings(self, now, request=None):
        started = [webinar for webinar in self.listed(request)["webinars"] if webinar.starts_at < now]
        return [webinar for webinar in reversed(started) if webinar.has_recording][:3]

    def anonymous_cache_seconds(self, request):
        """A visitor's copy lasts until the next webinar listed here starts or ends."""
        upcoming = self.upcoming_webinars(timezone.now(), request)
        moments = [moment for webinar in upcoming for moment in (webinar.starts_at, webinar.ends_at)]
        return cache_seconds_until_change(moments)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context.update(
            {
                "featured_dialogue": self.featured_dialogue(now, request),
                "upcoming_webinars": self.upcoming_webinars(now, request),
                "latest_recordings": self.latest_recordings(now, request),
                "knowledge_products": self.listed(request)["knowledge_products"],
            }
        )
        return context
