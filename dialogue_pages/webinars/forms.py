"""The form a member sends a question to a webinar's panel with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..discussion.forms import MIN_COMMENT_LENGTH


class AudienceQuestionForm(forms.Form):
    """A member's question to a webinar's panel."""

    MAX_LENGTH = 500

    text = forms.CharField(
        label=_("Your question to the panel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_LENGTH,
        min_length=MIN_COMMENT_LENGTH,
        strip=True,
        help_text=_("Up to 500 characters. A moderator puts questions to the panel; they appear here once asked."),
    )
