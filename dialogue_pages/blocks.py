"""StreamField blocks used by dialogue pages."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class QuestionBlock(blocks.StructBlock):
    """One question put to members in a week of the dialogue.

    The block's id is kept across translations, so comments can point at the
    question whatever the language they were written in.
    """

    question = blocks.CharBlock(
        label=_("Question"),
        max_length=500,
        help_text=_("The question as members will read it, e.g. “What is a good practice?”"),
    )
    note = blocks.TextBlock(
        label=_("Note for participants"),
        required=False,
        help_text=_("Optional: context or prompts that help members answer."),
    )

    class Meta:
        icon = "help"
        label = _("Question")
        template = "dialogue_pages/blocks/question_block.html"
        description = _("A question for this week's discussion")
        preview_value = {"question": "What is a “good practice”?", "note": ""}


class BodyBlock(blocks.StreamBlock):
    """Free text for reports: headings, paragraphs and quotations."""

    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        template="dialogue_pages/blocks/heading_block.html",
        label=_("Heading"),
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        label=_("Paragraph"),
    )
    quote = blocks.BlockQuoteBlock(label=_("Quotation"))
