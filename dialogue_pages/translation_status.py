"""Which pages of each dialogue exist in which language, and which translations are behind.

An admin report (Wagtail's ``PageReportView``): one row per page of a dialogue in the
default language, one column per other language, filterable by dialogue and
exportable as CSV or Excel. Like every page report it is open to those who may add,
edit or publish pages, and lists only the pages the user may edit (the English page
or one of its translations); a language's cell links to the translation only when the
user may edit it.
"""

from dataclasses import dataclass

import django_filters

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation, TranslationSource

from .models import DialoguePage

MISSING = "missing"
OUT_OF_DATE = "out-of-date"
IN_PROGRESS = "in-progress"
UP_TO_DATE = "up-to-date"
STATUS_LABELS = {
    MISSING: _("Missing"),
    OUT_OF_DATE: _("Out of date"),
    IN_PROGRESS: _("Being translated"),
    UP_TO_DATE: _("Up to date"),
}
# Editing a page, or its translation in wagtail-localize's editor, needs one of these.
EDIT_ACTIONS = ["change", "publish"]


@dataclass
class Cell:
    status: str
    page: Page | None = None
    editable: bool = False

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def cell_for(source_page, translated, source, translation):
    """The status of one page in one language."""
    if translated is None:
        return Cell(MISSING)
    if (
        source is not None
        and source_page.latest_revision_created_at
        and (source_page.latest_revision_created_at > source.last_updated_at)
    ):
        # The English page was edited after its translations were last synced.
        return Cell(OUT_OF_DATE, translated)
    if translation is not None:
        total, done = translation.get_progress()
        if done < total:
            return Cell(IN_PROGRESS, translated)
    return Cell(UP_TO_DATE, translated)


def other_locales():
    """The languages pages are translated into, in a stable order."""
    return list(Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code"))


def dialogue_pages_for(user):
    """The default-language pages of every dialogue (dialogues included) that ``user`` may edit in some language."""
    default = Locale.get_default()
    dialogue_paths = DialoguePage.objects.filter(locale=default).values_list("path", flat=True)
    within = Q(pk__in=[])
    for path in dialogue_paths:
        within |= Q(path__startswith=path)
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, EDIT_ACTIONS)
    return Page.objects.filter(within, locale=default, translation_key__in=editable.values("translation_key"))


def annotate_statuses(pages, locales, user):
    """Give each of ``pages`` its ``cells`` (one per locale), ``editable`` and ``dialogue``; return ``pages``."""
    pages = list(pages)
    keys = [page.translation_key for page in pages]
    editable_ids = set(
        PagePermissionPolicy()
        .instances_user_has_any_permission_for(user, EDIT_ACTIONS)
        .filter(translation_key__in=keys)
        .values_list("pk", flat=True)
    )
    translated = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=keys, locale__in=locales)
    }
    sources = {source.object_id: source for source in TranslationSource.objects.filter(object_id__in=keys)}
    translations = {
        (translation.source_id, translation.target_locale_id): translation
        for translation in Translation.objects.filter(source__in=sources.values())
    }
    dialogues = {
        dialogue.path: dialogue
        for dialogue in DialoguePage.objects.filter(locale_id__in={page.locale_id for page in pages})
    }
    for page in pages:
        source = sources.get(page.translation_key)
        page.cells = []
        for locale in locales:
            cell = cell_for(
                page,
                translated.get((page.translation_key, locale.pk)),
                source,
                translations.get((source.pk, locale.pk)) if source else None,
            )
            cell.editable = cell.page is not None and cell.page.pk in editable_ids
            page.cells.append(cell)
            setattr(page, f"status_{locale.language_code}", str(cell.label))
        page.editable = page.pk in editable_ids
        page.dialogue = next(
            (dialogues[path] for path in dialogues if page.path.startswith(path)),
            None,
        )
        page.dialogue_title = page.dialogue.title if page.dialogue else ""
        page.depth_in_dialogue = page.depth - page.dialogue.depth if page.dialogue else 0
    return pages


def status_totals(pages, locales):
    """For each locale: (locale, [(status, label, count), …]) over ``pages`` (already annotated)."""
    totals = []
    for index, locale in enumerate(locales):
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for page in pages:
            counts[page.cells[index].status] += 1
        totals.append((locale, [(status, STATUS_LABELS[status], count) for status, count in counts.items()]))
    return totals


def dialogues_for(user):
    """The default-language dialogues holding a page ``user`` may edit, newest first."""
    paths = list(dialogue_pages_for(user).values_list("path", flat=True))
    dialogues = DialoguePage.objects.filter(locale=Locale.get_default()).order_by("-start_at")
    return dialogues.filter(pk__in=[d.pk for d in dialogues if any(path.startswith(d.path) for path in paths)])


class TranslationStatusFilterSet(WagtailFilterSet):
    dialogue = django_filters.ModelChoiceFilter(
        label=_("Dialogue"),
        queryset=lambda request: dialogues_for(request.user),
        method="filter_dialogue",
    )

    class Meta:
        model = Page
        fields = []

    def filter_dialogue(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path) if value else queryset


class TranslationStatusView(PageReportView):
    """For each dialogue's pages: which languages exist, which are out of date, which are missing."""

    page_title = _("Translation status")
    header_icon = "globe"
    results_template_name = "dialogue_pages/admin/translation_status_results.html"
    index_url_name = "dialogue_translation_status"
    index_results_url_name = "dialogue_translation_status_results"
    filterset_class = TranslationStatusFilterSet
    any_permission_required = EDIT_ACTIONS
    paginate_by = 100
    export_headings = {"title": _("Page"), "dialogue_title": _("Dialogue")}

    def setup(self, request, *args, **kwargs):
        self.locales = other_locales()
        self.list_export = ["title", "dialogue_title", *(f"status_{locale.language_code}" for locale in self.locales)]
        self.export_headings = {
            **self.export_headings,
            **{f"status_{locale.language_code}": locale.get_display_name() for locale in self.locales},
        }
        super().setup(request, *args, **kwargs)

    def get_queryset(self):
        return dialogue_pages_for(self.request.user).order_by("path")

    def get_context_data(self, **kwargs):
        # Every listed page's statuses are worked out once: for the totals of the whole report
        # here, and reused for the rows of the page shown (decorate_paginated_queryset).
        self.annotated = {
            page.pk: page for page in annotate_statuses(self.object_list, self.locales, self.request.user)
        }
        context = super().get_context_data(**kwargs)
        context["locales"] = self.locales
        context["totals"] = status_totals(self.annotated.values(), self.locales)
        return context

    def decorate_paginated_queryset(self, object_list):
        return [self.annotated[page.pk] for page in object_list]
