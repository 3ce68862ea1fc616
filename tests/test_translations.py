"""Pages and people are translated with wagtail-localize; syncing never silently loses a translation."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from dialogue_pages.translation_status import (
    MISSING,
    OUT_OF_DATE,
    UP_TO_DATE,
    StatusReport,
    other_locales,
    pages_for,
    status_totals,
)
from home.translations import translate

from .factories import DialoguePageFactory, LocaleFactory, WeeklyQuestionPageFactory, make_page_editor

INTRO = "<p>The first paragraph.</p><p>The second paragraph.</p>"
SPANISH = {
    "The first paragraph.": "El primer párrafo.",
    "The second paragraph.": "El segundo párrafo.",
    "Resistances in training": "Resistencias en la capacitación",
    "resistances": "resistencias",
    "What is a good practice?": "¿Qué es una buena práctica?",
}


@pytest.fixture
def spanish(db):
    return LocaleFactory(language_code="es")


@pytest.fixture
def dialogue(dialogue_index):
    return DialoguePageFactory(
        parent=dialogue_index, title="Resistances in training", slug="resistances", introduction=INTRO
    )


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")


def status_of(page, language_code):
    staff = get_user_model().objects.filter(is_superuser=True).first()
    locales = other_locales()
    index = [locale.language_code for locale in locales].index(language_code)
    (row,) = StatusReport(staff, locales, pages=Page.objects.filter(pk=page.pk)).rows()
    return row.cells[index].status


@pytest.mark.django_db
def test_translation_copies_the_page_and_keeps_dates_synchronised(dialogue, spanish, staff):
    translated = translate(dialogue, spanish, SPANISH)
    assert translated.locale == spanish and translated.live
    assert translated.title == "Resistencias en la capacitación"
    assert "El primer párrafo." in translated.introduction
    assert (translated.start_at, translated.end_at, translated.number) == (
        dialogue.start_at,
        dialogue.end_at,
        dialogue.number,
    )
    assert translated.get_parent().locale == spanish  # parents are copied too


@pytest.mark.django_db
def test_syncing_an_edited_source_keeps_the_unchanged_translations(dialogue, spanish, staff):
    translate(dialogue, spanish, SPANISH)
    assert status_of(dialogue, "es") == UP_TO_DATE

    dialogue.introduction = "<p>The first paragraph.</p><p>A rewritten second paragraph.</p>"
    dialogue.save_revision().publish()
    assert status_of(dialogue, "es") == OUT_OF_DATE

    source = TranslationSource.objects.get(object_id=dialogue.translation_key)
    source.update_from_db()
    translation = Translation.objects.get(source=source, target_locale=spanish)
    translation.save_target(publish=True)

    translated = dialogue.get_translation(spanish)
    assert "El primer párrafo." in translated.introduction  # unchanged: kept
    assert "A rewritten second paragraph." in translated.introduction  # changed: awaits review
    assert "El segundo párrafo." not in translated.introduction
    total, done = translation.get_progress()
    assert done == total - 1
    # The changed paragraph's earlier translation is left over: one segment out of date.
    assert status_of(dialogue, "es") == OUT_OF_DATE


@pytest.mark.django_db
def test_status_report_counts_missing_languages(dialogue, spanish, staff):
    LocaleFactory(language_code="fr")
    week = WeeklyQuestionPageFactory(parent=dialogue)
    translate(dialogue, spanish, SPANISH)
    assert status_of(week, "es") == MISSING
    assert status_of(dialogue, "fr") == MISSING
    rows = StatusReport(staff, other_locales(), pages=pages_for(staff).filter(path__startswith=dialogue.path)).rows()
    totals = {locale: counts for locale, counts, *_segments in status_totals(rows, other_locales())}
    spanish_totals = {status: count for status, _label, count in totals[spanish]}
    assert spanish_totals[UP_TO_DATE] == 1 and spanish_totals[MISSING] == 1


@pytest.mark.django_db
def test_status_view_is_in_the_admin(client, dialogue, spanish):
    translate(dialogue, spanish, SPANISH)
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.org", "pw"))
    response = client.get("/admin/translation-status/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Resistances in training" in html
    assert "Up to date" in html and "Missing" in html


@pytest.mark.django_db
def test_status_report_filters_by_section_and_exports_as_csv(client, dialogue, spanish, staff):
    other = DialoguePageFactory(parent=dialogue.get_parent(), title="Another dialogue", slug="another")
    WeeklyQuestionPageFactory(parent=dialogue)  # the dialogue becomes a section
    translate(dialogue, spanish, SPANISH)
    client.force_login(staff)

    filtered = client.get("/admin/translation-status/", {"section": dialogue.pk}).content.decode()
    assert f"/admin/pages/{dialogue.pk}/edit/" in filtered
    assert f"/admin/pages/{other.pk}/edit/" not in filtered

    export = client.get("/admin/translation-status/", {"export": "csv"})
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0].startswith("Title,Type,Parent page,")
    assert "Resistances in training,Dialogue page,Virtual Dialogues,Up to date,0,0,Missing,," in lines


@pytest.mark.django_db
def test_status_view_shows_only_the_pages_the_user_may_edit(client, dialogue, spanish, home):
    other = DialoguePageFactory(parent=dialogue.get_parent(), title="Another dialogue", slug="another")
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week of the editor")
    translate(dialogue, spanish, SPANISH)
    user = make_page_editor(week, "sectioned", "Section editors")
    client.force_login(user)

    html = client.get("/admin/translation-status/").content.decode()

    assert "Week of the editor" in html
    assert f"/admin/pages/{week.pk}/edit/" in html
    assert "Another dialogue" not in html and other.title not in html
    assert f"/admin/pages/{dialogue.pk}/edit/" not in html, "the dialogue itself is not theirs to edit"


@pytest.mark.django_db
def test_status_view_is_refused_to_an_admin_user_who_may_edit_no_page(client, dialogue, spanish):
    translate(dialogue, spanish, SPANISH)
    admin_only = Group.objects.create(name="Admin access only")
    admin_only.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("looker", "looker@example.org", "pw")
    user.groups.add(admin_only)
    client.force_login(user)

    response = client.get("/admin/translation-status/")

    assert response.status_code in (302, 403)
    assert "Resistances in training" not in response.content.decode()
    assert "/admin/translation-status/" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_translated_page_renders_in_its_language_with_switcher_and_alternates(client, dialogue, spanish, home):
    translated = translate(dialogue, spanish, SPANISH)
    html = client.get(translated.url).content.decode()
    assert translated.url.startswith("/es/")
    assert '<html lang="es">' in html
    assert "Resistencias en la capacitación" in html
    assert f'hreflang="en" href="http://testserver{dialogue.url}"' in html
    assert f'hreflang="es" href="http://testserver{translated.url}"' in html
    english = client.get(dialogue.url).content.decode()
    assert f'href="{translated.url}" lang="es" hreflang="es"' in english
    assert "not translated yet" in english  # French


@pytest.mark.django_db
def test_a_page_without_a_translation_says_so_in_the_visitors_language(client, dialogue, spanish):
    response = client.get("/es/" + dialogue.url.split("/", 2)[2])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert '<main id="main" tabindex="-1" lang="en">' in html
    assert "Resistances in training" in html
    assert client.get("/es/no-such-page/").status_code == 404


@pytest.mark.django_db
def test_root_sends_visitors_to_their_language(client, home):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/en/"
    user = get_user_model().objects.create_user("ana", "ana@example.org", "pw", preferred_language="es")
    client.force_login(user)
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/es/"


@pytest.mark.django_db
def test_locales_exist_after_migrations():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "es", "fr"}
    assert Page.objects.exists()
