"""The home page: what is happening now, what is coming, what was recorded, what was published."""

from django.utils import timezone
from django.utils.functional import cached_property
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

    def featured_dialogue(self, now):
        """The dialogue open now; else the next one to open; else the most recent one."""
        dialogues = (
            in_language(public(DialoguePage.objects.live()), self.locale).defer_streamfields().select_related("image")
        )
        featured = (
            dialogues.filter(start_at__lte=now, end_at__gt=now).order_by("start_at").first()
            or dialogues.filter(start_at__gt=now).order_by("start_at").first()
            or dialogues.filter(end_at__lte=now).order_by("-end_at").first()
        )
        return show_in_language([featured], self.locale)[0] if featured else None

    def webinars(self):
        """Every live, public webinar once: in this page's language, else in its own."""
        return in_language(public(WebinarPage.objects.live()), self.locale)

    @cached_property
    def upcoming_webinars(self):
        """Live now first, then the next ones (a webinar stays listed until it ends); computed once
        per request, for the page and for how long its cached copy lasts."""
        return show_in_language(self.webinars().not_ended(timezone.now(), limit=3), self.locale)

    def anonymous_cache_seconds(self, request):
        """A visitor's copy lasts until the next webinar listed here starts or ends."""
        moments = [moment for webinar in self.upcoming_webinars for moment in (webinar.starts_at, webinar.ends_at)]
        return cache_seconds_until_change(moments)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        webinars = self.webinars()
        products = in_language(public(KnowledgeProductPage.objects.live()), self.locale)
        context.update(
            {
                "featured_dialogue": self.featured_dialogue(now),
                "upcoming_webinars": self.upcoming_webinars,
                "latest_recordings": show_in_language(
                    webinars.recorded()
                    .filter(starts_at__lt=now)
                    .select_related("recording_poster")
                    .order_by("-starts_at")[:3],
                    self.locale,
                ),
                "knowledge_products": show_in_language(
                    products.defer_streamfields().select_related("cover_image").order_by("-publication_date")[:3],
                    self.locale,
                ),
            }
        )
        return context
