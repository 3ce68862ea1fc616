"""Facets: the type, dialogue, language and year of what matched, counted, and the filters on them.

Counts are disjunctive: each facet is counted with every *other* filter applied, so a
visitor who picked one type still sees how many results each other type would give.
"""

from collections import Counter
from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from localized_pages import versions

from .sources import all_type_keys, grouping_models

FACET_NAMES = ("type", "dialogue", "language", "year")


@dataclass(frozen=True)
class Row:
    """One or more matches (``count``) sharing the same facet values."""

    type: str
    dialogue: str | None
    language: str
    year: int | None
    count: int = 1
    # Other languages whose site shows this page, not translated into them yet (see localized_pages).
    shown_in: tuple = ()

    def in_language(self, language):
        return self.language == language or language in self.shown_in


@dataclass(frozen=True)
class Filters:
    """The facet values a visitor picked; empty means "any"."""

    type: str = ""
    dialogue: str = ""
    language: str = ""
    year: int | None = None

    def without(self, name):
        return replace(self, **{name: None if name == "year" else ""})

    def as_params(self):
        """The filters as query-string parameters (only those set)."""
        return {field.name: getattr(self, field.name) for field in fields(self) if getattr(self, field.name)}


def count_facets(rows, filters):
    """The total of ``rows`` passing ``filters``, and each facet's counts (disjunctive)."""
    wanted = [(name, getattr(filters, name)) for name in FACET_NAMES if getattr(filters, name) not in ("", None)]

    def passes(row):
        """The names of the filters ``row`` fails (at most two matter: none, or the only one)."""
        failed = []
        for name, value in wanted:
            if name == "language" and row.in_language(value):
                continue
            if getattr(row, name) != value:
                failed.append(name)
                if len(failed) > 1:
                    break
        return failed

    total = 0
    counts = {name: Counter() for name in FACET_NAMES}
    for row in rows:
        failed = passes(row)
        if not failed:
            total += row.count
        elif len(failed) > 1:
            continue  # fails two filters: counted under no facet
        for name in FACET_NAMES:
            value = getattr(row, name)
            if value in ("", None) or (failed and failed[0] != name):
                continue
            counts[name][value] += row.count
            if name == "language":
                for language in row.shown_in:
                    counts[name][language] += row.count
    return total, counts


class DialogueDirectory:
    """The live, public pages that group results (dialogues), found by path or translation key.

    The key of a dialogue is its ``translation_key``, shared by its translations, so the
    English, Spanish and French versions of a dialogue are one facet value.
    """

    def __init__(self, locale):
        models = grouping_models()
        content_types = ContentType.objects.get_for_models(*models).values() if models else []
        rows = (
            Page.objects.live()
            .public()
            .filter(content_type__in=list(content_types))
            .values_list("path", "translation_key", "title", "locale_id")
        )
        self.key_by_path = {}
        self.paths_by_key = {}
        self.labels = {}
        for path, translation_key, title, locale_id in rows:
            key = str(translation_key)
            self.key_by_path[path] = key
            self.paths_by_key.setdefault(key, []).append(path)
            if key not in self.labels or locale_id == locale.pk:
                self.labels[key] = title

    def key_for_path(self, path):
        """The key of the dialogue at or above ``path``, or None."""
        for end in range(len(path), 0, -Page.steplen):
            key = self.key_by_path.get(path[:end])
            if key:
                return key
        return None

    def __contains__(self, key):
        return key in self.paths_by_key


def dialogue_directory(locale, request=None):
    """The :class:`DialogueDirectory` of ``locale``, kept until the page tree changes (read once, not per search)."""
    return versions.cached_per_version(request, f"search:dialogues:{locale.pk}", lambda: DialogueDirectory(locale))


# A facet links its most frequent values (and the one chosen); the others, past this many, are
# offered in a list box (a search across the archive can match a hundred dialogues).
SHOWN_OPTIONS = 8


@dataclass(frozen=True)
class FacetOption:
    """One value of a facet, as a link that toggles it (``query_string``: '' for one in the list box)."""

    value: object
    label: str
    count: int
    selected: bool
    query_string: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list
    any_query_string: str
    any_selected: bool
    # The values past ``SHOWN_OPTIONS``, by label, and the form fields that keep the query and
    # the other filters when one of them is chosen.
    more: list = ()
    more_params: dict | None = None

    def more_options(self):
        """The ``<option>`` elements of :attr:`more`, escaped (made here: a hundred dialogues through
        the template language, or ``format_html``, cost milliseconds a search)."""
        options = (
            f'<option value="{escape(option.value)}">{escape(option.label)} ({int(option.count)})</option>'
            for option in self.more
        )
        return mark_safe("".join(options))  # noqa: S308 - every value escaped above


def facet_labels(dialogues):
    """For each facet, its values' labels in display order."""
    return {
        "type": all_type_keys(),
        "dialogue": dialogues.labels,
        "language": dict(settings.LANGUAGES),
        "year": None,  # years label themselves, newest first
    }


def build_facets(form, filters, counts, dialogues):
    """The facets to show: every value with a count (and any selected one); the most frequent as
    toggling links, the others (past ``SHOWN_OPTIONS``) in a list box."""
    headings = {"type": _("Type"), "dialogue": _("Dialogue"), "language": _("Language"), "year": _("Year")}
    labels = facet_labels(dialogues)
    facets = []
    for name in FACET_NAMES:
        selected = getattr(filters, name)
        values = [value for value in counts[name] if counts[name][value]]
        if selected and selected not in values:
            values.append(selected)
        if labels[name] is None:
            ordered = sorted(values, reverse=True)
        elif name == "dialogue":
            ordered = sorted(values, key=lambda value: (-counts[name][value], labels[name].get(value, "")))
        else:
            ordered = [value for value in labels[name] if value in values]

        def label(value, name=name):
            return str(labels[name].get(value, value)) if labels[name] is not None else str(value)

        shown = ordered[:SHOWN_OPTIONS]
        if selected and selected not in shown:
            shown.append(selected)
        rest = [value for value in ordered[SHOWN_OPTIONS:] if value not in shown]
        more = sorted(
            (FacetOption(value, label(value), counts[name][value], False, "") for value in rest),
            key=lambda option: option.label.casefold(),
        )
        options = [
            FacetOption(
                value=value,
                label=label(value),
                count=counts[name][value],
                selected=value == selected,
                query_string=form.query_string(replace(filters, **{name: value})),
            )
            for value in shown
        ]
        facets.append(
            Facet(
                name=name,
                label=headings[name],
                options=options,
                any_query_string=form.query_string(filters.without(name)),
                any_selected=not selected,
                more=more,
                more_params=form.params(filters.without(name)) if more else None,
            )
        )
    return facets
