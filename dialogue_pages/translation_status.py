"""Which pages of each dialogue exist in which language, and which translations are behind."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page
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


def dialogue_translation_status():
    """For every dialogue in the default language: its pages × the other locales, with totals."""
    default = Locale.get_default()
    locales = list(Locale.objects.exclude(pk=default.pk).order_by("language_code"))
    report = []
    for dialogue in DialoguePage.objects.filter(locale=default).order_by("-start_at"):
        pages = list(Page.objects.descendant_of(dialogue, inclusive=True).order_by("path"))
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
                totals[locale.pk][cell.status] += 1
                cells.append(cell)
            rows.append({"page": page, "depth": page.depth - dialogue.depth, "cells": cells})
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
