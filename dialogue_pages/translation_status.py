"""Which pages and people exist in which language, and how much of each translation is left to do.

An admin report (a Wagtail ``PageReportView``): one row per page of the site in the
default language — every page type, found through ``Page`` — and one per person, one
column per other language. Each cell gives a status, the number of untranslated and
out-of-date segments, and a link straight to wagtail-localize's translation editor (or to
its "Translate this page" form when the translation is missing). Filterable by section,
type, status and language; exportable as CSV or Excel.

Like every page report it is open to those who may add, edit or publish pages, and lists
only the pages the user may edit (the original or one of its translations); people are
listed to those who may change people. A cell links only where the user may edit that
translation (or, for a missing one, may edit the original and submit translations).

The whole report costs a fixed number of queries however many rows it has: pages, their
translations, sources, translations and segment counts are each fetched in one query.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import django_filters

from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from .models import Person

MISSING = "missing"
ALIAS = "alias"
OUT_OF_DATE = "out-of-date"
IN_PROGRESS = "in-progress"
DRAFT = "draft"
UP_TO_DATE = "up-to-date"
STATUS_LABELS = {
    MISSING: _("Missing"),
    ALIAS: _("Alias of the original"),
    OUT_OF_DATE: _("Out of date"),
    IN_PROGRESS: _("Being translated"),
    DRAFT: _("Draft — not live yet"),
    UP_TO_DATE: _("Up to date"),
}
# Editing a page, or its translation in wagtail-localize's editor, needs one of these.
EDIT_ACTIONS = ["change", "publish"]
SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"
PEOPLE = "person"  # the type filter's value for people


@dataclass
class SegmentCounts:
    """String segments of one synced original, as translated into one language."""

    total: int = 0
    untranslated: int = 0
    out_of_date: int = 0


@dataclass
class Cell:
    """One original in one language."""

    locale: Locale
    status: str
    url: str = ""  # where the user translates it, if they may
    counts: SegmentCounts | None = None  # None where wagtail-localize does not manage the translation

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def untranslated(self):
        return self.counts.untranslated if self.counts else None

    @property
    def out_of_date(self):
        return self.counts.out_of_date if self.counts else None


@dataclass
class Row:
    """One original (a page in the default language, or a person) and its cells."""

    title: str
    type_label: str
    parent_title: str = ""
    depth: int = 0  # indentation under the site's root
    url: str = ""  # the original's edit view, if the user may edit it
    instance: object = None
    cells: list = field(default_factory=list)

    @property
    def editable(self):
        return bool(self.url)

    @property
    def indent(self):
        return "— " * self.depth

    def export_values(self):
        values = {"title": self.title, "type": self.type_label, "parent": self.parent_title}
        for cell in self.cells:
            code = cell.locale.language_code
            values[f"status_{code}"] = str(cell.label)
            values[f"untranslated_{code}"] = "" if cell.counts is None else cell.untranslated
            values[f"out_of_date_{code}"] = "" if cell.counts is None else cell.out_of_date
        return values


def other_locales():
    """The languages originals are translated into, in a stable order."""
    return list(Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code"))


def editable_pages(user):
    """Every page, in any language, that ``user`` may edit."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, EDIT_ACTIONS)


def pages_for(user):
    """The default-language pages (below the root) that ``user`` may edit in some language."""
    return Page.objects.filter(
        locale=Locale.get_default(),
        depth__gt=1,
        translation_key__in=editable_pages(user).values("translation_key"),
    )


def may_change_people(user):
    opts = Person._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")


def people_for(user):
    """The default-language people, for those who may change people."""
    if not may_change_people(user):
        return Person.objects.none()
    return Person.objects.filter(locale=Locale.get_default())


def segment_counts(sources, locales):
    """{(source id, locale id): SegmentCounts} for ``sources`` (a queryset) in ``locales``, in three queries.

    A segment is a piece of text wagtail-localize extracts for translation (a title, a
    paragraph…); its *context* is where it sits (a field or a block). In each context:

    - segments whose current text has a translation (without error) are translated;
    - of the others, as many as there are translations left over in that context for a
      text the original no longer has are **out of date** (their text changed since they
      were translated: the old translation awaits review);
    - the rest are **untranslated** (never translated).
    """
    source_ids = sources.values("pk")
    locale_ids = [locale.pk for locale in locales]
    segments = StringSegment.objects.filter(source_id__in=source_ids)
    totals = (
        segments.values("source_id", "context_id").annotate(n=Count("pk")).values_list("source_id", "context_id", "n")
    )
    done = {
        (source_id, context_id, locale_id): n
        for source_id, context_id, locale_id, n in segments.filter(
            string__translations__context_id=F("context_id"),
            string__translations__locale_id__in=locale_ids,
            string__translations__has_error=False,
        )
        .values("source_id", "context_id", "string__translations__locale_id")
        .annotate(n=Count("pk"))
        .values_list("source_id", "context_id", "string__translations__locale_id", "n")
    }
    left_over = {
        (context_id, locale_id): n
        for context_id, locale_id, n in StringTranslation.objects.filter(
            locale_id__in=locale_ids, context_id__in=segments.values("context_id")
        )
        .exclude(
            Exists(
                StringSegment.objects.filter(
                    source_id__in=source_ids,
                    context_id=OuterRef("context_id"),
                    string_id=OuterRef("translation_of_id"),
                )
            )
        )
        .values("context_id", "locale_id")
        .annotate(n=Count("pk"))
        .values_list("context_id", "locale_id", "n")
    }
    counts = defaultdict(SegmentCounts)
    for source_id, context_id, total in totals:
        for locale_id in locale_ids:
            cell = counts[(source_id, locale_id)]
            waiting = total - done.get((source_id, context_id, locale_id), 0)
            changed = min(waiting, left_over.get((context_id, locale_id), 0))
            cell.total += total
            cell.out_of_date += changed
            cell.untranslated += waiting - changed
    return counts


def status_of(translated, translation, counts, original_changed):
    """The status of an original in one language, from its version there and its wagtail-localize translation."""
    if translated is None:
        return MISSING
    if getattr(translated, "alias_of_id", None):
        return ALIAS
    managed = translation is not None and translation.enabled
    if managed and (original_changed or (counts and counts.out_of_date)):
        return OUT_OF_DATE
    if managed and counts and counts.untranslated:
        return IN_PROGRESS
    if not getattr(translated, "live", True):
        return DRAFT
    return UP_TO_DATE


class StatusReport:
    """Rows of the report for ``user``: ``pages`` and ``people`` (querysets of originals) in ``locales``."""

    def __init__(self, user, locales, pages=None, people=None):
        self.user = user
        self.locales = locales
        self.pages = pages if pages is not None else Page.objects.none()
        self.people = people if people is not None else Person.objects.none()

    def rows(self):
        pages = list(self.pages.select_related("content_type").order_by("path"))
        people = list(self.people.order_by("name"))
        originals = [*pages, *people]
        page_keys = self.pages.values("translation_key")
        person_keys = self.people.values("translation_key")
        sources = TranslationSource.objects.filter(
            Q(object_id__in=page_keys) | Q(object_id__in=person_keys), locale=Locale.get_default()
        ).only("object_id", "last_updated_at")  # not the frozen content
        self.sources = {source.object_id: source for source in sources}
        self.translations = {
            (translation.source_id, translation.target_locale_id): translation
            for translation in Translation.objects.filter(source__in=sources, target_locale__in=self.locales)
        }
        self.counts = segment_counts(sources, self.locales) if self.sources else {}
        self.versions = {
            (item.translation_key, item.locale_id): item
            for model, keys in ((Page, page_keys), (Person, person_keys))
            for item in model.objects.filter(translation_key__in=keys, locale__in=self.locales).only(
                *(
                    ("translation_key", "locale", "live", "alias_of")
                    if model is Page
                    else ("translation_key", "locale")
                )
            )
        }
        self.editable_page_ids = set(
            editable_pages(self.user).filter(translation_key__in=page_keys).values_list("pk", flat=True)
        )
        self.parents = dict(
            Page.objects.filter(path__in={page.path[: -Page.steplen] for page in pages if page.depth > 2}).values_list(
                "path", "title"
            )
        )
        self.may_submit = self.user.has_perm(SUBMIT_TRANSLATION)
        return [self.row(item) for item in originals]

    def row(self, item):
        if isinstance(item, Page):
            row = Row(
                title=item.get_admin_display_title(),
                type_label=capfirst(item.content_type.model_class()._meta.verbose_name),
                parent_title=self.parents.get(item.path[: -Page.steplen], ""),
                depth=item.depth - 2,
                url=self.edit_url(item),
                instance=item,
            )
        else:
            row = Row(
                title=str(item),
                type_label=capfirst(Person._meta.verbose_name),
                url=self.edit_url(item),
                instance=item,
            )
        source = self.sources.get(item.translation_key)
        for locale in self.locales:
            translated = self.versions.get((item.translation_key, locale.pk))
            translation = self.translations.get((source.pk, locale.pk)) if source else None
            managed = translation is not None and translation.enabled
            counts = self.counts.get((source.pk, locale.pk), SegmentCounts()) if managed else None
            changed = bool(
                managed
                and getattr(item, "latest_revision_created_at", None)
                and item.latest_revision_created_at > source.last_updated_at
            )
            status = status_of(translated, translation, counts, changed)
            url = self.edit_url(translated) if translated is not None else self.translate_url(item, row)
            row.cells.append(Cell(locale, status, url, counts))
        return row

    def edit_url(self, item):
        """The edit view of ``item`` (wagtail-localize's editor for a translation it manages), if the user may."""
        if isinstance(item, Page):
            if item.pk in self.editable_page_ids:
                return reverse("wagtailadmin_pages:edit", args=[item.pk])
            return ""
        if may_change_people(self.user):
            return reverse(Person.snippet_viewset.get_url_name("edit"), args=[quote(item.pk)])
        return ""

    def translate_url(self, original, row):
        """wagtail-localize's "Translate" form for ``original``, if the user may edit it and submit translations."""
        if not (self.may_submit and row.editable):
            return ""
        if isinstance(original, Page):
            return reverse("wagtail_localize:submit_page_translation", args=[original.pk])
        opts = Person._meta
        return reverse(
            "wagtail_localize:submit_snippet_translation", args=[opts.app_label, opts.model_name, quote(original.pk)]
        )


def status_totals(rows, locales):
    """For each locale: (locale, [(status, label, count), …], untranslated, out of date) over ``rows``."""
    totals = []
    for index, locale in enumerate(locales):
        counts = dict.fromkeys(STATUS_LABELS, 0)
        untranslated = out_of_date = 0
        for row in rows:
            cell = row.cells[index]
            counts[cell.status] += 1
            untranslated += cell.untranslated or 0
            out_of_date += cell.out_of_date or 0
        statuses = [(status, STATUS_LABELS[status], count) for status, count in counts.items()]
        totals.append((locale, statuses, untranslated, out_of_date))
    return totals


def indented(page):
    return "— " * (page.depth - 2) + page.get_admin_display_title()


class TranslationStatusFilterSet(WagtailFilterSet):
    """The report's filters; the view applies them to its rows (statuses are worked out, not stored)."""

    section = django_filters.ChoiceFilter(label=_("Section"), method="keep", empty_label=_("Whole site"))
    type = django_filters.ChoiceFilter(label=_("Type"), method="keep", empty_label=_("Pages and people"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="keep", choices=list(STATUS_LABELS.items()), empty_label=_("Any status")
    )
    language = django_filters.ChoiceFilter(label=_("Language"), method="keep", empty_label=_("Every language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        pages = pages_for(user)
        self.filters["section"].extra["choices"] = [
            (str(page.pk), indented(page)) for page in pages.filter(numchild__gt=0).order_by("path")
        ]
        types = ContentType.objects.filter(pk__in=pages.values("content_type")).order_by("model")
        type_choices = [
            (str(ct.pk), capfirst(ct.model_class()._meta.verbose_name)) for ct in types if ct.model_class()
        ]
        type_choices.sort(key=lambda choice: str(choice[1]))
        if may_change_people(user):
            type_choices.append((PEOPLE, capfirst(Person._meta.verbose_name_plural)))
        self.filters["type"].extra["choices"] = type_choices
        self.filters["language"].extra["choices"] = [
            (locale.language_code, locale.get_display_name()) for locale in other_locales()
        ]

    def keep(self, queryset, name, value):
        return queryset


class TranslationStatusView(PageReportView):
    """For every page and person: which languages exist, which are behind, how much is left to translate."""

    page_title = _("Translation status")
    header_icon = "globe"
    results_template_name = "dialogue_pages/admin/translation_status_results.html"
    index_url_name = "dialogue_translation_status"
    index_results_url_name = "dialogue_translation_status_results"
    filterset_class = TranslationStatusFilterSet
    any_permission_required = EDIT_ACTIONS
    paginate_by = 100
    export_filename = "translation-status"

    def get_filterset_kwargs(self):
        # The filters only read the request: the view applies them to its rows.
        return {**super().get_filterset_kwargs(), "queryset": Page.objects.none()}

    @cached_property
    def chosen(self):
        """The valid filter values ('' where none is chosen)."""
        if self.filters and self.filters.is_valid():
            return {name: value or "" for name, value in self.filters.form.cleaned_data.items()}
        return {}

    @cached_property
    def locales(self):
        locales = other_locales()
        language = self.chosen.get("language")
        return [locale for locale in locales if locale.language_code == language] or locales

    def originals(self):
        """The pages and people the chosen section and type select."""
        user = self.request.user
        pages, people = pages_for(user), people_for(user)
        section, kind = self.chosen.get("section"), self.chosen.get("type")
        if section:
            pages = pages.filter(path__startswith=Page.objects.get(pk=section).path)
            people = people.none()
        if kind == PEOPLE:
            pages = pages.none()
        elif kind:
            pages = pages.filter(content_type_id=kind)
            people = people.none()
        return pages, people

    def get_filtered_queryset(self):
        pages, people = self.originals()
        rows = StatusReport(self.request.user, self.locales, pages, people).rows()
        status = self.chosen.get("status")
        if status:
            rows = [row for row in rows if any(cell.status == status for cell in row.cells)]
        return rows

    @property
    def list_export(self):
        columns = ["title", "type", "parent"]
        for locale in self.locales:
            code = locale.language_code
            columns += [f"status_{code}", f"untranslated_{code}", f"out_of_date_{code}"]
        return columns

    @property
    def export_headings(self):
        headings = {"title": _("Title"), "type": _("Type"), "parent": _("Parent page")}
        for locale in self.locales:
            code, name = locale.language_code, locale.get_display_name()
            headings[f"status_{code}"] = name
            headings[f"untranslated_{code}"] = _("%(language)s: untranslated segments") % {"language": name}
            headings[f"out_of_date_{code}"] = _("%(language)s: out-of-date segments") % {"language": name}
        return headings

    def to_row_dict(self, item):
        values = item.export_values()
        return {column: values[column] for column in self.list_export}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locales"] = self.locales
        context["totals"] = status_totals(self.object_list, self.locales)
        return context
