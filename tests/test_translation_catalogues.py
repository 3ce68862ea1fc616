"""The interface's own strings are translated into Spanish and French, and the catalogues are current.

``locale/<lang>/LC_MESSAGES/django.po`` holds every string of our templates and Python code
(``make messages`` extracts them); ``manage.py compile_translations`` turns them into ``.mo`` files.
The freshness check runs Django's ``makemessages``, which needs GNU gettext (xgettext, msgmerge,
msguniq): without it that test is skipped, unless ``REQUIRE_GETTEXT=1``, where it fails.
"""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LANGUAGES = ("es", "fr")
ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}
# The same folders the Makefile's `messages` target leaves out.
IGNORED = [".venv", "tests", "bench", "static_collected", "test-artifacts"]
SOURCE_EXTENSIONS = {".py", ".html", ".txt"}
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]")
# Real msgids from our templates, with what a reader sees in each language.
SAMPLES = {
    "Search": {"es": "Buscar", "fr": "Rechercher"},
    "Community of Practice": {"es": "Comunidad de Práctica", "fr": "Communauté de pratique"},
    "Skip to main content": {"es": "Saltar al contenido principal", "fr": "Aller au contenu principal"},
}


def po_path(language):
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def catalogue(language):
    return polib.pofile(str(po_path(language)))


def live_entries(po):
    return [entry for entry in po if not entry.obsolete]


def key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def describe(entry_key):
    context, msgid, plural = entry_key
    return repr(msgid) + (f" / {plural!r}" if plural else "") + (f" (context {context!r})" if context else "")


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text)))


def gettext_required():
    return os.environ.get("REQUIRE_GETTEXT", "").strip().lower() in {"1", "true", "yes", "on"}


# (a) complete, checked translations


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_the_right_header(language):
    po = catalogue(language)
    assert po.metadata["Language"] == language
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_checked(language):
    po = catalogue(language)
    assert len(live_entries(po)) > 100, "the catalogue looks empty: run `make messages`"
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy (unchecked) in {language}: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in live_entries(catalogue(language)):
        if entry.msgid_plural:
            expected = placeholders(entry.msgid + entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
            if len(translations) != 2:
                wrong.append((entry.msgid, "needs two plural forms"))
        else:
            expected = placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if placeholders(text) != expected:
                wrong.append((entry.msgid, text))
    assert not wrong, f"placeholders changed in {language}: {wrong}"


# (b) the catalogues hold exactly the strings the code has today


def copy_sources(destination):
    """Copy the project's translatable files (what `make messages` reads) into ``destination``."""
    skip = set(IGNORED) | {"locale", "node_modules"}
    for child in ROOT.iterdir():
        if child.name in skip or child.name.startswith("."):
            continue
        if child.is_dir():
            shutil.copytree(
                child,
                destination / child.name,
                ignore=lambda folder, names: [
                    name
                    for name in names
                    if name.startswith(".")
                    or name == "__pycache__"
                    or (Path(folder, name).is_file() and Path(name).suffix not in SOURCE_EXTENSIONS)
                ],
            )
        elif child.suffix in SOURCE_EXTENSIONS:
            shutil.copy2(child, destination / child.name)


def test_the_catalogues_are_current(tmp_path, settings, monkeypatch):
    """Run makemessages on a copy of the project and compare its msgids with the committed catalogues.

    makemessages writes work files next to the templates it reads and puts its catalogues in the
    nearest ``locale`` folder, so it runs on a copy: the project's own files are never touched.
    """
    missing_tools = [tool for tool in GETTEXT_TOOLS if not shutil.which(tool)]
    if missing_tools:
        message = f"GNU gettext is not installed ({', '.join(missing_tools)} not found): apt-get install gettext"
        if gettext_required():
            pytest.fail(f"REQUIRE_GETTEXT=1 but {message}", pytrace=False)
        pytest.skip(message)

    project = tmp_path / "project"
    project.mkdir()
    copy_sources(project)
    shutil.copytree(LOCALE_DIR, project / "locale")
    settings.LOCALE_PATHS = [str(project / "locale")]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STATIC_ROOT = str(tmp_path / "static_collected")
    monkeypatch.chdir(project)

    call_command("makemessages", locale=list(LANGUAGES), ignore_patterns=IGNORED, no_obsolete=True, verbosity=0)

    problems = []
    for language in LANGUAGES:
        fresh = {
            key(entry) for entry in live_entries(polib.pofile(str(project / po_path(language).relative_to(ROOT))))
        }
        committed = {key(entry) for entry in live_entries(catalogue(language))}
        problems += [f"{language}: missing {describe(entry_key)}" for entry_key in sorted(fresh - committed)]
        problems += [f"{language}: no longer used {describe(entry_key)}" for entry_key in sorted(committed - fresh)]
    assert not problems, "The catalogues are out of date: run `make messages`, translate, then compile.\n" + "\n".join(
        problems
    )


# (c) the compiled catalogues match their sources


def translations_of(entries):
    result = {}
    for entry in entries:
        if entry.msgid == "" or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        result[key(entry)] = value
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    mo_path = po_path(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `manage.py compile_translations`"
    po, mo = catalogue(language), polib.mofile(str(mo_path))
    assert mo.metadata.get("Plural-Forms") == PLURAL_FORMS[language]
    assert translations_of(mo) == translations_of(po), (
        f"{mo_path.name} for {language} is stale: run `manage.py compile_translations`"
    )


# (d) Django serves our translations


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("msgid", sorted(SAMPLES))
def test_gettext_returns_our_translation(language, msgid):
    with translation.override(language):
        translated = translation.gettext(msgid)
    assert translated != msgid
    assert translated == SAMPLES[msgid][language]


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("es", 0, "0 comentarios"),
        ("es", 1, "1 comentario"),
        ("es", 2, "2 comentarios"),
        ("fr", 0, "0 commentaire"),
        ("fr", 1, "1 commentaire"),
        ("fr", 2, "2 commentaires"),
    ],
)
def test_plural_forms_follow_each_language(language, count, expected):
    with translation.override(language):
        text = translation.ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}
    assert text == expected


# (e) a real page in each language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_page_is_served_translated(client, home, language):
    response = client.get(f"/{language}/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{SAMPLES['Search'][language]}</h1>" in html
    assert SAMPLES["Community of Practice"][language] in html
    assert ">Search<" not in html
