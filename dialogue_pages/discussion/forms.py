"""The forms of the discussion: a member's comment, its correction, and a report to the moderators."""

from django_comments_xtd.forms import XtdCommentForm

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import DialogueComment

MIN_COMMENT_LENGTH = 2
MAX_REPORT_REASON = 1000


class CommentEditForm(forms.Form):
    """An author's correction of their own comment."""

    comment = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.COMMENT_MAX_LENGTH,
        strip=True,
        min_length=MIN_COMMENT_LENGTH,
    )


class ReportForm(forms.Form):
    """A member's report of a comment to the moderators."""

    reason = forms.CharField(
        label=_("What is wrong with this comment? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_REPORT_REASON,
        required=False,
        strip=True,
    )


class DialogueCommentForm(XtdCommentForm):
    """django-comments-xtd's form, plus the comment's language and the question it answers.

    The security hash and timestamp inherited from django-contrib-comments make a
    forged target (another page's thread) fail validation; ``clean_reply_to``
    refuses replies to comments of another thread or beyond the nesting limit.
    """

    language = forms.ChoiceField(label=_("Language of your comment"), choices=settings.LANGUAGES)
    question_id = forms.ChoiceField(label=_("Which question does it answer?"), required=False, choices=[])

    def __init__(self, target_object, *args, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].help_text = _(
            "Plain text. Leave a blank line between paragraphs; links become clickable. Up to %(limit)s characters."
        ) % {"limit": settings.COMMENT_MAX_LENGTH}
        limit = settings.COMMENT_MAX_LENGTH
        self.fields["comment"].max_length = limit
        self.fields["comment"].validators = [MaxLengthValidator(limit)]
        self.fields["comment"].widget.attrs.update({"rows": 6, "maxlength": limit})
        self.fields["comment"].error_messages["max_length"] = _(
            "Your comment is %(show_value)d characters long; the limit is %(limit_value)d. Please shorten it."
        )
        self.fields["comment"].error_messages["required"] = _("Please write a comment before posting.")
        self.fields["followup"].label = _("Email me when someone replies in this discussion")
        # Members are known: their name and email come from their account.
        for name in ("name", "email", "url"):
            self.fields[name].required = False
            self.fields[name].widget = forms.HiddenInput()
        questions = getattr(target_object, "questions", None) or []
        self.fields["question_id"].choices = [("", _("The week in general"))] + [
            (block.id, block.value["question"]) for block in questions
        ]
        if not self.is_bound:
            self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE).split("-")[0]

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if len(text) < MIN_COMMENT_LENGTH:
            raise forms.ValidationError(_("Please write a comment before posting."))
        return text

    def clean_reply_to(self):
        reply_to = self.cleaned_data.get("reply_to") or 0
        if not reply_to:
            return 0
        parent = DialogueComment.objects.filter(pk=reply_to).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you are replying to does not exist."))
        target_type = ContentType.objects.get_for_model(self.target_object)
        if parent.content_type_id != target_type.pk or parent.object_pk != str(self.target_object.pk):
            raise forms.ValidationError(_("You can only reply to comments in this discussion."))
        if not parent.is_public or parent.is_removed:
            raise forms.ValidationError(_("This comment can no longer receive replies."))
        if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            raise forms.ValidationError(
                _("Replies nest %(levels)s levels deep; reply to an earlier comment in this thread instead.")
                % {"levels": settings.COMMENTS_XTD_MAX_THREAD_LEVEL + 1}
            )
        return reply_to

    def get_comment_create_data(self, site_id=None):
        data = super().get_comment_create_data(site_id=site_id)
        data["language"] = self.cleaned_data["language"]
        data["question_id"] = self.cleaned_data.get("question_id") or ""
        return data
