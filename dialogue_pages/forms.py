"""Forms that read a page's query string (the recordings archive's filters), so pages' ``get_context`` stays small."""

from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 1900, 2999


class RecordingsFilterForm(forms.Form):
    """The archive's filters: language, dialogue and year, each among those that have recordings.

    A value that is not among them is ignored and reported (``ignored``), never an error.
    """

    language = forms.CharField(label=_("language"), required=False)
    dialogue = forms.CharField(label=_("dialogue"), required=False)
    year = forms.CharField(label=_("year"), required=False)

    def __init__(self, data, *, options):
        super().__init__(data)
        self.options = options
        self.ignored = []
        self.applied = {}
        if self.is_valid():
            self.applied = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def _checked(self, name, convert):
        """The field's value as ``convert`` makes it, or None when it is not valid (noted as ignored)."""
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        converted = convert(value)
        if converted is None:
            self.ignored.append(self.fields[name].label)
        return converted

    def clean(self):
        cleaned = super().clean()
        languages = dict(settings.LANGUAGES)
        dialogues = {str(dialogue.pk): dialogue for dialogue in self.options["dialogues"]}
        cleaned["language"] = self._checked("language", lambda value: value if value in languages else None)
        dialogue = self._checked("dialogue", dialogues.get)
        cleaned["dialogue"] = dialogue.pk if dialogue else None
        self.dialogue = dialogue
        cleaned["year"] = self._checked(
            "year", lambda value: int(value) if value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR else None
        )
        return cleaned

    def filter(self, recordings):
        """``recordings`` with the valid filters applied, in the database."""
        if "language" in self.applied:
            recordings = recordings.filter(language=self.applied["language"])
        if "dialogue" in self.applied:
            # The dialogue's recordings in every language it exists in (see the archive's options).
            paths = getattr(self.dialogue, "recording_paths", [self.dialogue.path])
            recordings = recordings.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))
        if "year" in self.applied:
            recordings = recordings.filter(starts_at__year=self.applied["year"])
        return recordings

    def query_prefix(self):
        """The applied filters as a query string to put before ``page=`` in pagination links."""
        query = urlencode(self.applied)
        return f"{query}&" if query else ""
