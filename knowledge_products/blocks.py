"""StreamField blocks for knowledge products and case studies."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

PARAGRAPH_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class ToolBlock(blocks.StructBlock):
    """A training tool or activity a case study shares, with an optional handout."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    purpose = blocks.TextBlock(label=_("Purpose"), required=False, help_text=_("What the tool or activity achieves."))
    description = blocks.RichTextBlock(label=_("How it works"), features=PARAGRAPH_FEATURES, required=False)
    duration = blocks.CharBlock(label=_("Duration"), required=False, max_length=100, help_text=_("e.g. “90 minutes”"))
    document = DocumentChooserBlock(label=_("Handout"), required=False)

    class Meta:
        icon = "cogs"
        label = _("Tool or activity")
        template = "knowledge_products/blocks/tool_block.html"
        description = _("A tool or activity trainers can reuse")
        preview_value = {
            "title": "Sample activity",
            "purpose": "What participants take away.",
            "duration": "",
        }


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    quote = blocks.TextBlock(label=_("Quotation"))
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "knowledge_products/blocks/quote_block.html"
        description = _("A quotation with its source")
        preview_value = {"quote": "A quotation.", "source": "Its source"}


class ContentBlock(blocks.StreamBlock):
    """Body content for knowledge products."""

    heading = blocks.CharBlock(
        label=_("Heading"), icon="title", template="knowledge_products/blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES)
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock()
    tool = ToolBlock()


class ToolsBlock(blocks.StreamBlock):
    """The tools and activities section of a case study."""

    tool = ToolBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES)
