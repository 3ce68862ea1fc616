"""Spanish and French versions of the demo, made with wagtail-localize's own machinery.

Each demo page and person is translated the way staff would do it: a translation
of its source is created, the strings are filled in from a PO file written by a
translator (``home/fixtures/translations/<language>.po``, msgid = the English
text) through wagtail-localize's PO import, and the target is published.
"""

from pathlib import Path

import polib

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from dialogue_pages.models import DialoguePage, RecordingsArchivePage, WeeklyQuestionPage

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "fixtures" / "translations"

# Which demo content gets which languages (issue: Spanish dialogue, weeks and Spanish
# webinar; French landing page and weeks).
SPANISH_WEBINARS = ["webinar-spanish"]


def catalogue(language_code):
    """The translator's strings for ``language_code``: English text → translation."""
    path = TRANSLATIONS_DIR / f"{language_code}.po"
    if not path.exists():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr and not entry.obsolete}


def translate(instance, locale, strings):
    """Create or update ``instance``'s translation into ``locale`` and publish it.

    Strings already translated (by staff in the editor) are kept: only segments
    with no translation yet are filled from ``strings``.
    """
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    po = translation.export_po()
    for entry in po:
        if not entry.msgstr and entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
    translation.import_po(po, tool_name="demo content")
    if isinstance(instance, Page):
        # wagtail-localize publishes pages on commit; publish the new revision now so the
        # translation is live inside the caller's transaction too.
        translation.save_target(publish=False)
        target = translation.get_target_instance()
        target.get_latest_revision().publish()
        target.refresh_from_db()
        return target
    translation.save_target(publish=True)
    return translation.get_target_instance()


def demo_translation_plan(home):
    """Everything the demo translates, in the order wagtail-localize needs (parents, people first)."""
    dialogue = DialoguePage.objects.descendant_of(home).get(number=7)
    # The dialogues before the 7th (the unnumbered sample dialogue stays in English).
    previous = list(DialoguePage.objects.descendant_of(home).filter(number__lt=7).order_by("number"))
    weeks = list(WeeklyQuestionPage.objects.child_of(dialogue).order_by("path"))
    index = dialogue.get_parent().specific
    spanish_webinars = list(dialogue.get_children().filter(slug__in=SPANISH_WEBINARS).specific())
    webinar_people = [link.person for webinar in spanish_webinars for link in webinar.panellists.all()]
    moderators = [link.person for link in dialogue.moderators.all()]
    archives = list(RecordingsArchivePage.objects.child_of(index))
    pages_common = [home, index, dialogue, *weeks, *previous, *archives]
    return {
        "es": [*dict.fromkeys(moderators + webinar_people), *pages_common, *spanish_webinars],
        "fr": [*moderators, *pages_common],
    }


def build_demo_translations(home, report=None):
    """Translate the demo into Spanish and French where translators' strings exist."""
    for language_code, items in demo_translation_plan(home).items():
        strings = catalogue(language_code)
        if not strings:
            continue
        locale, _ = Locale.objects.get_or_create(language_code=language_code)
        for item in items:
            if item.get_translation_or_none(locale) is not None:
                continue
            translate(item, locale, strings)
            if report:
                label = item.title if isinstance(item, Page) else str(item)
                report(f"  translated into {language_code}: {label}")


def source_strings(home):
    """Every string a translator must write for the demo (for ``fr.po`` and ``es.po``)."""
    seen = {}
    for items in demo_translation_plan(home).values():
        for item in items:
            source, _ = TranslationSource.get_or_create_from_instance(item)
            for entry in source.export_po():
                seen.setdefault(entry.msgid, entry.msgctxt)
    return seen
