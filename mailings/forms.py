"""The member's choice of emails, and the announcement staff write in each language."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import EmailPreferences


class EmailPreferencesForm(forms.ModelForm):
    """Which kinds of email the member receives (each box ticked receives it)."""

    class Meta:
        model = EmailPreferences
        fields = ["announcements", "week_opening", "digest", "webinar_reminders"]
        help_texts = {
            "announcements": _("A new dialogue, its programme and its report."),
            "week_opening": _("The week's questions, the day members can start discussing them."),
            "digest": _(
                "Once a week, when members have written in a dialogue you follow: one you have commented in, "
                "or followed from its page."
            ),
            "webinar_reminders": _("The day before a webinar, with a file to add it to your calendar."),
        }


class AnnouncementForm(forms.Form):
    """A subject and a text for each of the site's languages; the default language's are required.

    Members whose language has no text of its own read the default language's.
    """

    def __init__(self, *args, announcement=None, **kwargs):
        if announcement is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                f"{field}_{code}": (announcement.texts.get(code) or {}).get(field, "")
                for code, _name in settings.LANGUAGES
                for field in ("subject", "body")
            }
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            required = code == settings.LANGUAGE_CODE
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=required,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 10}),
                max_length=10000,
                required=required,
                help_text=_("Plain text. A link to the dialogue's page and an unsubscribe link are added below it.")
                if required
                else _("Leave both empty to send the default language's text to members reading this language."),
            )

    def clean(self):
        cleaned = super().clean()
        for code, _name in settings.LANGUAGES:
            subject, body = cleaned.get(f"subject_{code}", ""), cleaned.get(f"body_{code}", "")
            if bool(subject.strip()) != bool(body.strip()):
                missing = f"body_{code}" if subject.strip() else f"subject_{code}"
                self.add_error(missing, _("Write both the subject and the text, or neither."))
        return cleaned

    def language_fields(self):
        """``(language name, subject field, body field)`` for each language, for the template."""
        return [(name, self[f"subject_{code}"], self[f"body_{code}"]) for code, name in settings.LANGUAGES]

    @property
    def texts(self):
        return {
            code: {
                "subject": " ".join(self.cleaned_data.get(f"subject_{code}", "").split()),
                "body": self.cleaned_data.get(f"body_{code}", "").strip(),
            }
            for code, _name in settings.LANGUAGES
            if self.cleaned_data.get(f"subject_{code}", "").strip()
        }
