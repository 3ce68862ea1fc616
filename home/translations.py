"""Spanish and French versions of the demo, made with wagtail-localize's own machinery.

Each demo page and person is translated the way staff would do it: a translation
of its source is created, the strings are filled in from a PO file written by a
translator (``home/fixtures/translations/<language>.po``, msgid = the English
text) through wagtail-localize's PO import, and the target is published.
"""

import re
from pathlib import Path

import polib

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from dialogue_pages.models import (
    DialoguePage,
    DialogueReportPage,
    RecordingsArchivePage,
    WebinarPage,
    WeeklyQuestionPage,
)
from knowledge_products.models import CaseStudyPage, KnowledgeProductIndexPage, KnowledgeProductPage

# A stream block's id inside a segment's path, e.g. "questions.<uuid>.question".
BLOCK_ID = re.compile(r"\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "fixtures" / "translations"


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
    """Everything the demo translates, in the order wagtail-localize needs (people, then parents first).

    Spanish and French get the same content: the home page, the 7th dialogue with its
    weeks, every webinar (the English webinar's page too: the webinar itself stays in
    English, its ``language`` being synchronised), its report if it has one, the
    previous dialogues, the recordings archive, the knowledge products with the
    Compendium and its case studies, and every person those pages name. The sample
    dialogue for trying the site stays in English.
    """
    dialogue = DialoguePage.objects.descendant_of(home).get(number=7)
    index = dialogue.get_parent().specific
    # The dialogues before the 7th (the unnumbered sample dialogue stays in English).
    previous = list(DialoguePage.objects.descendant_of(home).filter(number__lt=7).order_by("number"))
    weeks = list(WeeklyQuestionPage.objects.child_of(dialogue).order_by("path"))
    webinars = list(WebinarPage.objects.child_of(dialogue).order_by("path"))
    reports = list(DialogueReportPage.objects.child_of(dialogue).order_by("path"))
    archives = list(RecordingsArchivePage.objects.child_of(index).order_by("path"))
    product_indexes = list(KnowledgeProductIndexPage.objects.child_of(home).order_by("path"))
    products = list(KnowledgeProductPage.objects.descendant_of(home).order_by("path"))
    case_studies = list(CaseStudyPage.objects.descendant_of(home).order_by("path"))
    links = [
        *dialogue.moderators.all(),
        *(link for webinar in webinars for link in [*webinar.moderators.all(), *webinar.panellists.all()]),
    ]
    people = list(dict.fromkeys(link.person for link in links))
    items = [
        *people,
        home,
        index,
        dialogue,
        *weeks,
        *webinars,
        *reports,
        *previous,
        *archives,
        *product_indexes,
        *products,
        *case_studies,
    ]
    return {"es": items, "fr": items}


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
    """Every string a translator must write for the demo (for ``fr.po`` and ``es.po``): msgid → field."""
    seen = {}
    for items in demo_translation_plan(home).values():
        for item in items:
            source, _ = TranslationSource.get_or_create_from_instance(item)
            for entry in source.export_po():
                seen.setdefault(entry.msgid, entry.msgctxt)
    return seen


def missing_strings(home, language_code):
    """The demo's strings that ``language_code``'s file does not translate yet, in plan order."""
    strings = catalogue(language_code)
    return [msgid for msgid in source_strings(home) if msgid not in strings]


def source_catalogue(home):
    """The translators' template, ``demo-strings.pot``: every string of the plan, field as comment.

    Regenerate it after changing the demo's English content with
    ``python manage.py load_demo_content --write-strings``, then translate the new
    entries in ``es.po`` and ``fr.po`` (tests/test_demo_translations.py fails until then).
    """
    pot = polib.POFile(wrapwidth=78)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, field in source_strings(home).items():
        # Stream blocks' ids change with every build: the comment keeps only the field's path.
        pot.append(polib.POEntry(msgid=msgid, msgstr="", comment=BLOCK_ID.sub("", field)))
    return pot
