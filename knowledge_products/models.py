"""Knowledge products (e.g. the Compendium of Good Practices) and their case studies."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from localized_pages.listings import children_in_language, in_source_order, show_in_language
from localized_pages.pages import LocalizedPage

from .blocks import ContentBlock, ToolsBlock
from .validators import validate_isbn

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class Region(models.TextChoices):
    """World regions as the UN groups them, for filtering case studies."""

    AFRICA = "africa", _("Africa")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = "europe-central-asia", _("Europe and Central Asia")
    LATIN_AMERICA_CARIBBEAN = "latin-america-caribbean", _("Latin America and the Caribbean")
    NORTH_AMERICA = "north-america", _("North America")
    GLOBAL = "global", _("Global")


class KnowledgeProductIndexPage(LocalizedPage, Page):
    """Lists the centre's knowledge products, newest first."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page", "home.HomePage"]
    subpage_types = ["knowledge_products.KnowledgeProductPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("knowledge product index page")

    def products(self):
        """The products under this index in its language (or, not translated yet, in their own)."""
        return (
            children_in_language(self, KnowledgeProductPage)
            .defer_streamfields()
            .select_related("cover_image")
            .prefetch_related("themes")
            .order_by("-publication_date", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = show_in_language(self.products(), self.locale, under=self)
        return context


class KnowledgeProductTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge_products.KnowledgeProductPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class KnowledgeProductPage(LocalizedPage, Page):
    """A publication, such as the Compendium: its metadata, files per language and case studies."""

    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Shown as month and year; use the first of the month if only the month is known."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    abstract = models.TextField(
        _("abstract"), blank=True, help_text=_("A paragraph shown in listings and at the top of the page.")
    )
    body = StreamField(ContentBlock(), verbose_name=_("body"), blank=True)
    isbn = models.CharField(
        _("ISBN"), max_length=17, blank=True, validators=[validate_isbn], help_text=_("Optional ISBN-10 or ISBN-13.")
    )
    themes = ClusterTaggableManager(
        through=KnowledgeProductTag, blank=True, verbose_name=_("themes"), help_text=_("Themes, comma separated.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        MultiFieldPanel(
            [FieldPanel("publisher"), FieldPanel("publication_date"), FieldPanel("isbn")],
            heading=_("Publication"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("abstract"),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Document"), heading=_("Downloads (one per language)")),
        FieldPanel("themes"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("subtitle", boost=2),
        index.SearchField("abstract", boost=1.5),
        index.SearchField("body"),
        index.SearchField("publisher"),
        index.FilterField("publication_date"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    search_type_label = _("Knowledge product")
    search_date_field = "publication_date"

    parent_page_types = ["knowledge_products.KnowledgeProductIndexPage"]
    subpage_types = ["knowledge_products.CaseStudyPage"]

    class Meta:
        verbose_name = _("knowledge product page")

    def case_studies(self):
        """The case studies in this product's language (or, not translated yet, in their own)."""
        return in_source_order(
            children_in_language(self, CaseStudyPage).defer_streamfields().prefetch_related("themes")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cases = show_in_language(self.case_studies(), self.locale, under=self)
        # Filters come from the query string; a value we do not know is ignored, not an error.
        regions = dict(Region.choices)
        region = request.GET.get("region", "")
        region = region if region in regions else ""
        theme_choices = sorted({tag.name for case in cases for tag in case.themes.all()}, key=str.casefold)
        theme = request.GET.get("theme", "")
        theme = theme if theme in theme_choices else ""
        filtered = [
            case
            for case in cases
            if (not region or case.region == region)
            and (not theme or any(tag.name == theme for tag in case.themes.all()))
        ]
        present_regions = {case.region for case in cases if case.region}
        context.update(
            {
                "case_studies": filtered,
                "case_study_count": len(cases),
                "region_choices": [(key, label) for key, label in Region.choices if key in present_regions],
                "theme_choices": theme_choices,
                "selected_region": region,
                "selected_theme": theme,
                "documents": self.documents.select_related("document"),
            }
        )
        return context


class KnowledgeProductDocument(Orderable):
    """The product's file in one language."""

    page = ParentalKey(KnowledgeProductPage, on_delete=models.CASCADE, related_name="documents")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("language"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_document_per_language"),
        ]


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge_products.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CaseStudyPage(LocalizedPage, Page):
    """One good practice in a knowledge product. Sections left empty are not shown."""

    summary = models.TextField(_("summary"), blank=True, help_text=_("One paragraph for listings."))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices, blank=True)
    target_audience = RichTextField(_("target audience"), blank=True, features=RICH_TEXT_FEATURES)
    training_approach = RichTextField(_("training approach"), blank=True, features=RICH_TEXT_FEATURES)
    results = RichTextField(_("results"), blank=True, features=RICH_TEXT_FEATURES)
    challenges = RichTextField(_("challenges"), blank=True, features=RICH_TEXT_FEATURES)
    lessons_learned = RichTextField(_("lessons learned"), blank=True, features=RICH_TEXT_FEATURES)
    tools_and_activities = StreamField(ToolsBlock(), verbose_name=_("tools and activities"), blank=True)
    themes = ClusterTaggableManager(
        through=CaseStudyTag, blank=True, verbose_name=_("themes"), help_text=_("Themes, comma separated.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("country"), FieldPanel("region")],
            heading=_("Who and where"),
        ),
        FieldPanel("target_audience"),
        FieldPanel("training_approach"),
        FieldPanel("results"),
        FieldPanel("challenges"),
        FieldPanel("lessons_learned"),
        FieldPanel("tools_and_activities"),
        FieldPanel("themes"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("organisation", boost=2),
        index.SearchField("country"),
        index.SearchField("target_audience"),
        index.SearchField("training_approach"),
        index.SearchField("results"),
        index.SearchField("challenges"),
        index.SearchField("lessons_learned"),
        index.SearchField("tools_and_activities"),
        index.FilterField("region"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    search_type_label = _("Case study")

    parent_page_types = ["knowledge_products.KnowledgeProductPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case study page")

    @property
    def meta_parts(self):
        """Organisation, country and region, those that are known, for one line in listings."""
        return [part for part in (self.organisation, self.country, self.get_region_display()) if part]

    @cached_property
    def sections(self):
        """The narrative sections in reading order, for the template to render the filled ones."""
        return [
            (_("Target audience"), self.target_audience),
            (_("Training approach"), self.training_approach),
            (_("Results"), self.results),
            (_("Challenges"), self.challenges),
            (_("Lessons learned"), self.lessons_learned),
        ]

    @cached_property
    def filled_sections(self):
        """The narrative sections that have text: empty ones are not shown at all."""
        return [(heading, text) for heading, text in self.sections if text]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["product"] = self.get_parent().specific
        return context
