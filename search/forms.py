"""The public search form: the query and the facet filters, all held in the URL."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .facets import Filters

MAX_QUERY_LENGTH = 200
ANY_LANGUAGE = "any"
MIN_YEAR, MAX_YEAR = 1900, 2999


def clean_text(value):
    """Control characters dropped, whitespace collapsed, length capped."""
    text = "".join(ch if ch.isprintable() else " " for ch in value or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


class SearchForm(forms.Form):
    """The query and its filters. A filter value we do not know is ignored and reported, never an error.

    ``language`` defaults to the visitor's language; ``language=any`` searches every language.
    """

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.CharField(label=_("Type"), required=False)
    dialogue = forms.CharField(label=_("Dialogue"), required=False)
    language = forms.CharField(label=_("Language"), required=False)
    year = forms.CharField(label=_("Year"), required=False)

    def __init__(self, data, *, type_keys, dialogues, default_language):
        super().__init__(data)
        self.type_keys = type_keys
        self.dialogues = dialogues
        self.default_language = default_language
        self.ignored = []

    def clean_q(self):
        return clean_text(self.cleaned_data["q"])

    def _checked(self, name, valid):
        """The field's value when ``valid`` accepts it; otherwise ``""``, noting it as ignored."""
        value = clean_text(self.cleaned_data.get(name, ""))
        if value and not valid(value):
            self.ignored.append(self.fields[name].label)
            return ""
        return value

    def clean(self):
        cleaned = super().clean()
        cleaned["type"] = self._checked("type", lambda value: value in self.type_keys)
        cleaned["dialogue"] = self._checked("dialogue", lambda value: value in self.dialogues)
        language = self._checked("language", lambda value: value == ANY_LANGUAGE or value in dict(settings.LANGUAGES))
        cleaned["language"] = "" if language == ANY_LANGUAGE else (language or self.default_language)
        year = self._checked("year", lambda value: value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR)
        cleaned["year"] = int(year) if year else None
        return cleaned

    def filters(self):
        """The valid filters as a :class:`Filters`."""
        data = self.cleaned_data
        return Filters(type=data["type"], dialogue=data["dialogue"], language=data["language"], year=data["year"])

    def params(self, filters):
        """The URL parameters for ``q`` with ``filters`` (the default language left implicit)."""
        params = {"q": self.cleaned_data.get("q", "")}
        params.update(filters.as_params())
        if not filters.language:
            params["language"] = ANY_LANGUAGE
        elif filters.language == self.default_language:
            params.pop("language")
        return params

    def query_string(self, filters):
        """:meth:`params` as a URL query string."""
        return urlencode(self.params(filters))
