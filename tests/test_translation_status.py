"""Reports › Translation status: every page type and every person, with segment counts and editor links."""

import csv
import io

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from dialogue_pages.translation_status import (
    ALIAS,
    DRAFT,
    IN_PROGRESS,
    MISSING,
    OUT_OF_DATE,
    UP_TO_DATE,
    StatusReport,
    other_locales,
    pages_for,
    people_for,
)
from home.translations import translate

from .factories import (
    CaseStudyPageFactory,
    DialogueIndexPageFactory,
    DialoguePageFactory,
    DialogueReportPageFactory,
    KnowledgeProductIndexPageFactory,
    KnowledgeProductPageFactory,
    LocaleFactory,
    PersonFactory,
    WebinarPageFactory,
    WeeklyQuestionPageFactory,
    make_page_editor,
)

URL = "/admin/translation-status/"
INTRO = "<p>The first paragraph.</p><p>The second paragraph.</p><p>The third paragraph.</p>"
SPANISH = {
    "Resistances in training": "Resistencias en la capacitación",
    "resistances": "resistencias",
    "The first paragraph.": "El primer párrafo.",
    "The second paragraph.": "El segundo párrafo.",
    "The third paragraph.": "El tercer párrafo.",
}


@pytest.fixture
def spanish(db):
    return LocaleFactory(language_code="es")


@pytest.fixture
def french(db):
    return LocaleFactory(language_code="fr")


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")


@pytest.fixture
def dialogue(dialogue_index):
    return DialoguePageFactory(
        parent=dialogue_index, title="Resistances in training", slug="resistances", introduction=INTRO
    )


def cells_of(item, user):
    """{language code: Cell} of the report's row for ``item`` (a page or a person)."""
    locales = other_locales()
    if isinstance(item, Page):
        report = StatusReport(user, locales, pages=Page.objects.filter(pk=item.pk))
    else:
        report = StatusReport(user, locales, people=type(item).objects.filter(pk=item.pk))
    (row,) = report.rows()
    return {cell.locale.language_code: cell for cell in row.cells}


def translate_some(page, locale, strings):
    """Start ``page``'s translation into ``locale`` and translate only ``strings`` (English → translation)."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    po = translation.export_po()
    for entry in po:
        entry.msgstr = strings.get(entry.msgid, "")
    translation.import_po(po, tool_name="test")
    translation.save_target(publish=True)
    return translation


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.django_db
def test_every_page_type_and_the_people_are_listed(client, home, dialogue, spanish, staff):
    products = KnowledgeProductIndexPageFactory(parent=home, title="Knowledge products")
    compendium = KnowledgeProductPageFactory(parent=products, title="Compendium of Good Practices")
    case = CaseStudyPageFactory(parent=compendium, title="A case from Nicaragua")
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week one")
    webinar = WebinarPageFactory(parent=dialogue, title="Opening webinar")
    report = DialogueReportPageFactory(parent=dialogue, title="Synthesis report")
    person = PersonFactory(name="Ana Panellist")
    client.force_login(staff)

    html = client.get(URL).content.decode()

    for page in (home, products, compendium, case, dialogue.get_parent(), dialogue, week, webinar, report):
        assert f'<a href="/admin/pages/{page.pk}/edit/">{page.title}</a>' in html, page.title
    assert f'<a href="/admin/snippets/dialogue_pages/person/edit/{person.pk}/">Ana Panellist</a>' in html
    assert "Case study page" in html and "Knowledge product page" in html and "Home page" in html


@pytest.mark.django_db
def test_counts_untranslated_segments_of_a_translation_in_progress(home, spanish, staff):
    compendium = KnowledgeProductPageFactory(
        parent=KnowledgeProductIndexPageFactory(parent=home), title="Resistances in training", slug="resistances"
    )
    compendium.subtitle, compendium.abstract = "The first paragraph.", "The second paragraph."
    compendium.save_revision().publish()
    translation = translate_some(compendium, spanish, {"The first paragraph.": "El primer párrafo."})

    cell = cells_of(compendium, staff)["es"]

    total, done = translation.get_progress()
    assert done == 1 and total > 3
    assert cell.status == IN_PROGRESS
    assert (cell.counts.total, cell.untranslated, cell.out_of_date) == (total, total - done, 0)


@pytest.mark.django_db
def test_an_edited_original_shows_its_changed_segments_as_out_of_date(dialogue, spanish, staff):
    translate(dialogue, spanish, SPANISH)
    assert (cells_of(dialogue, staff)["es"].status, cells_of(dialogue, staff)["es"].out_of_date) == (UP_TO_DATE, 0)

    dialogue.introduction = "<p>The first paragraph.</p><p>A rewritten paragraph.</p><p>The third paragraph.</p>"
    dialogue.save_revision().publish()
    cell = cells_of(dialogue, staff)["es"]
    assert cell.status == OUT_OF_DATE, "edited after the last sync"
    assert cell.out_of_date == 0, "segments are counted as last synced"

    TranslationSource.objects.get(object_id=dialogue.translation_key).update_from_db()
    cell = cells_of(dialogue, staff)["es"]
    assert cell.status == OUT_OF_DATE
    assert (cell.untranslated, cell.out_of_date) == (0, 1)

    dialogue.introduction += "<p>A brand new paragraph.</p>"
    dialogue.save_revision().publish()
    TranslationSource.objects.get(object_id=dialogue.translation_key).update_from_db()
    cell = cells_of(dialogue, staff)["es"]
    assert (cell.untranslated, cell.out_of_date) == (1, 1), "a new paragraph was never translated"


@pytest.mark.django_db
def test_missing_alias_and_draft_translations(dialogue, spanish, french, staff):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week one")
    translate(dialogue, spanish, SPANISH)
    week.copy_for_translation(spanish, alias=True)
    source, _ = TranslationSource.get_or_create_from_instance(dialogue)
    draft = Translation.objects.create(source=source, target_locale=french, enabled=True)
    po = draft.export_po()
    for entry in po:
        entry.msgstr = "fr: " + entry.msgid
    draft.import_po(po)
    draft.save_target(publish=False)

    assert cells_of(week, staff)["es"].status == ALIAS
    assert cells_of(week, staff)["fr"].status == MISSING
    assert cells_of(dialogue, staff)["fr"].status == DRAFT
    assert cells_of(dialogue, staff)["es"].status == UP_TO_DATE


@pytest.mark.django_db
def test_people_have_statuses_counts_and_links(client, spanish, french, staff):
    person = PersonFactory(name="Ana Panellist", role="Program Officer", bio="Works on gender equality.")
    translate(person, spanish, {"Program Officer": "Oficial de programas"})

    cells = cells_of(person, staff)

    assert cells["es"].status == IN_PROGRESS
    assert cells["es"].untranslated == cells["es"].counts.total - 1 > 0  # all but the role
    spanish_person = person.get_translation(spanish)
    assert cells["es"].url == f"/admin/snippets/dialogue_pages/person/edit/{spanish_person.pk}/"
    assert cells["fr"].status == MISSING
    assert cells["fr"].url == reverse(
        "wagtail_localize:submit_snippet_translation", args=["dialogue_pages", "person", person.pk]
    )
    client.force_login(staff)
    assert client.get(cells["fr"].url).status_code == 200


@pytest.mark.django_db
def test_cells_link_straight_to_the_translation_editor(client, dialogue, spanish, french, staff):
    translated = translate(dialogue, spanish, SPANISH)
    client.force_login(staff)

    html = client.get(URL).content.decode()

    assert f'href="/admin/pages/{translated.pk}/edit/"' in html
    submit = reverse("wagtail_localize:submit_page_translation", args=[dialogue.pk])
    assert f'href="{submit}"' in html
    editor = client.get(f"/admin/pages/{translated.pk}/edit/").content.decode()
    assert "js-translation-editor" in editor, "the edit view of a translation is wagtail-localize's editor"
    assert client.get(submit).status_code == 200


@pytest.mark.django_db
def test_no_link_where_the_user_may_not_edit_the_translation(client, dialogue, spanish, french):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week of the editor")
    translate(dialogue, spanish, SPANISH)
    spanish_week = translate(week, spanish, {})
    user = make_page_editor(week, "week-editor", "English week editors")
    client.force_login(user)

    cells = cells_of(week, user)
    html = client.get(URL).content.decode()

    assert cells["es"].url == "" and cells["fr"].url == ""
    assert f'<a href="/admin/pages/{week.pk}/edit/">Week of the editor</a>' in html
    assert f"/admin/pages/{spanish_week.pk}/edit/" not in html
    assert reverse("wagtail_localize:submit_page_translation", args=[week.pk]) not in html
    assert f"/admin/pages/{dialogue.pk}/edit/" not in html
    assert "Resistances in training</th>" not in html, "no row for a page they may not edit"
    assert not people_for(user).exists()


@pytest.mark.django_db
def test_filters_by_type_status_language_and_section(client, home, dialogue, spanish, french, staff):
    products = KnowledgeProductIndexPageFactory(parent=home, title="Knowledge products")
    compendium = KnowledgeProductPageFactory(parent=products, title="Compendium of Good Practices")
    PersonFactory(name="Ana Panellist")
    translate(dialogue, spanish, SPANISH)
    client.force_login(staff)

    def titles(**query):
        rows = csv_rows(client.get(URL, {**query, "export": "csv"}))
        return rows[0], {row[0] for row in rows[1:]}

    _, people = titles(type="person")
    assert people == {"Ana Panellist"}
    _, products_only = titles(type=str(compendium.content_type_id))
    assert products_only == {"Compendium of Good Practices"}
    _, section = titles(section=str(products.pk))
    assert section == {"Knowledge products", "Compendium of Good Practices"}
    _, up_to_date = titles(status=UP_TO_DATE, language="es")
    assert up_to_date == {"Resistances in training"}
    heading, _ = titles(language="fr")
    assert heading == [
        "Title",
        "Type",
        "Parent page",
        "Français",
        "Français: untranslated segments",
        "Français: out-of-date segments",
    ]
    assert client.get(URL, {"section": "not-a-page", "status": "nonsense"}).status_code == 200
    fragment = client.get(URL + "results/", {"type": "person", "_w_filter_fragment": "1"})
    assert fragment.status_code == 200
    assert "Ana Panellist" in fragment.content.decode()
    assert "Compendium of Good Practices</a>" not in fragment.content.decode()


@pytest.mark.django_db
def test_exports_counts_as_csv_and_excel(client, dialogue, spanish, staff):
    translate_some(dialogue, spanish, {"The first paragraph.": "El primer párrafo."})
    client.force_login(staff)

    rows = csv_rows(client.get(URL, {"export": "csv", "language": "es"}))
    (line,) = [row for row in rows if row[0] == "Resistances in training"]
    untranslated = cells_of(dialogue, staff)["es"].untranslated
    assert untranslated > 0
    assert line[3:] == ["Being translated", str(untranslated), "0"]

    xlsx = client.get(URL, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def make_dialogue_with_translations(index, spanish, number):
    dialogue = DialoguePageFactory(parent=index, introduction=INTRO)
    weeks = [WeeklyQuestionPageFactory(parent=dialogue) for _ in range(number)]
    translate(dialogue, spanish, SPANISH)
    for week in weeks[:-1]:
        translate(week, spanish, {})
    PersonFactory()


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_rows(client, home, spanish, french, staff):
    index = DialogueIndexPageFactory(parent=home)
    translate(index, spanish, {})
    make_dialogue_with_translations(index, spanish, 1)
    client.force_login(staff)
    client.get(URL)  # caches (content types, locales) warmed

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(3):
        make_dialogue_with_translations(index, spanish, 4)
    assert pages_for(staff).count() > 15
    assert queries() == few
