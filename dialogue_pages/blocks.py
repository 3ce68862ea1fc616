"""StreamField blocks used by dialogue pages."""

from django.conf import settings
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


class CommentQuoteBlock(blocks.StructBlock):
    """A member's comment quoted in a report: their words, who wrote them (or "a participant",
    as the member chose), the language they wrote in and a link back to the comment in its thread."""

    text = blocks.TextBlock(label=_("Quoted words"))
    author = blocks.CharBlock(
        label=_("Author"),
        required=False,
        help_text=_("The member's public name; left blank, the quote says “a participant”."),
    )
    language = blocks.ChoiceBlock(choices=settings.LANGUAGES, label=_("Written in"))
    comment_id = blocks.IntegerBlock(
        label=_("Comment number"),
        required=False,
        min_value=1,
        help_text=_("The comment's number in the discussion, for the link back to it."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quoted comment")
        template = "dialogue_pages/blocks/comment_quote_block.html"
        description = _("A member's comment from the discussion, with a link back to it")
        preview_value = {"text": "Training must change attitudes, not only knowledge.", "author": "", "language": "en"}


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
    comment_quote = CommentQuoteBlock()
