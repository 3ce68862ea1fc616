"""Which pages of each dialogue exist in which language, and which translations are behind;
and the admin page that shows it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
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


# Editing a page, or its translation in wagtail-localize's editor, needs one of these.
EDIT_ACTIONS = {"change", "publish"}


def may_see_translation_status(user):
    """Whether ``user`` may edit some page, and so has translations to follow."""
    return PagePermissionPolicy().user_has_any_permission(user, EDIT_ACTIONS)


def dialogue_translation_status(user):
    """For every dialogue in the default language: its pages × the other locales, with totals.

    Only pages ``user`` may edit (the English page or one of its translations) are
    listed, and a language's cell links to the translation only if they may edit it.
    """
    default = Locale.get_default()
    locales = list(Locale.objects.exclude(pk=default.pk).order_by("language_code"))
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, EDIT_ACTIONS)
    report = []
    for dialogue in DialoguePage.objects.filter(locale=default).order_by("-start_at"):
        all_pages = list(Page.objects.descendant_of(dialogue, inclusive=True).order_by("path"))
        all_keys = [page.translation_key for page in all_pages]
        editable_ids = set(editable.filter(translation_key__in=all_keys).values_list("pk", flat=True))
        editable_keys = set(
            Page.objects.filter(pk__in=editable_ids).values_list("translation_key", flat=True).distinct()
        )
        pages = [page for page in all_pages if page.translation_key in editable_keys]
        if not pages:
            continue
        keys = [page.translation_key for page in pages]
        translated = {
            (page.translation_key, page.locale_id): page
            for page in Page.objects.filter(translation_key__in=keys).exclude(locale=default)
        }
        sources = {
            source.object_id: source for source in TranslationSource.objects.filter(object_id__in=keys, locale=default)
        }
        translations = {
            (translation.source_id, translation.target_locale_id): translation
            for translation in Translation.objects.filter(source__in=sources.values())
        }
        rows = []
        totals = {locale.pk: dict.fromkeys(STATUS_LABELS, 0) for locale in locales}
        for page in pages:
            source = sources.get(page.translation_key)
            cells = []
            for locale in locales:
                cell = cell_for(
                    page,
                    translated.get((page.translation_key, locale.pk)),
                    source,
                    translations.get((source.pk, locale.pk)) if source else None,
                )
                cell.editable = cell.page is not None and cell.page.pk in editable_ids
                totals[locale.pk][cell.status] += 1
                cells.append(cell)
            rows.append(
                {
                    "page": page,
                    "editable": page.pk in editable_ids,
                    "depth": page.depth - dialogue.depth,
                    "cells": cells,
                }
            )
        report.append(
            {
                "dialogue": dialogue,
                "rows": rows,
                "totals": [
                    (locale, [(status, STATUS_LABELS[status], count) for status, count in totals[locale.pk].items()])
                    for locale in locales
                ],
            }
        )
    return locales, report


class TranslationStatusView(WagtailAdminTemplateMixin, TemplateView):
    """For each dialogue's pages: which languages exist, which are out of date, which are missing."""

    template_name = "dialogue_pages/admin/translation_status.html"
    page_title = _("Translation status")
    header_icon = "globe"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locales"], context["report"] = dialogue_translation_status(self.request.user)
        return context
