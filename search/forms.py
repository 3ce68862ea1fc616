"""The public search form."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """Cleans the query: control characters dropped, whitespace collapsed, length capped."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)

    def clean_q(self):
        query = "".join(ch if ch.isprintable() else " " for ch in self.cleaned_data["q"])
        query = " ".join(query.split())
        return query[:MAX_QUERY_LENGTH]
