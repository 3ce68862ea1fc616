"""The forms staff fill in to plan a dialogue."""

from datetime import timedelta

from django import forms
from django.core.validators import validate_slug
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Page

from ..models import DialoguePage

# Further ahead than this is more likely a typing mistake (2062 for 2026) than a plan.
LATEST_START_YEARS = 5


class NewDialogueForm(forms.Form):
    """A new dialogue from an earlier one: when it starts, its title, address and number."""

    start_date = forms.DateField(
        label=_("First day"),
        widget=AdminDateInput,
        help_text=_("The day the new dialogue opens. Every week and webinar moves with it."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=255, help_text=_("The new dialogue's topic, as its page title.")
    )
    slug = forms.CharField(
        label=_("Slug"),
        max_length=255,
        required=False,
        validators=[validate_slug],
        help_text=_("The last part of its address. Left blank, it is made from the number: virtual-dialogue-8."),
    )
    number = forms.IntegerField(
        label=_("Number"), min_value=1, max_value=9999, help_text=_("Its place in the series.")
    )

    def __init__(self, *args, index, **kwargs):
        super().__init__(*args, **kwargs)
        self.index = index

    def clean_start_date(self):
        start_date = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if start_date <= today:
            raise forms.ValidationError(_("Choose a day after today: a new dialogue starts in the future."))
        if start_date > today + timedelta(days=365 * LATEST_START_YEARS):
            raise forms.ValidationError(
                _("Choose a day within the next %(years)s years.") % {"years": LATEST_START_YEARS}
            )
        return start_date

    def clean(self):
        cleaned_data = super().clean()
        number = cleaned_data.get("number")
        if "slug" in cleaned_data and number:
            slug = cleaned_data["slug"] or slugify(f"virtual-dialogue-{number}")
            if Page.objects.child_of(self.index).filter(slug=slug).exists():
                self.add_error(
                    "slug", _("The address “%(slug)s” is already used by another dialogue.") % {"slug": slug}
                )
            cleaned_data["slug"] = slug
        if number and DialoguePage.objects.child_of(self.index).filter(number=number).exists():
            self.add_error("number", _("Another dialogue already has the number %(number)s.") % {"number": number})
        return cleaned_data
