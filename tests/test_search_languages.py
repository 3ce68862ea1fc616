"""Search understands each language: stems, accents, exact phrases, results in the reader's language.

The words are rare on purpose (cartographers, panaderías, boulangeries, murciélago…) so that
no other fixture can make these tests pass. They run on the database backend in use:
SQLite by default, PostgreSQL with ``DATABASE_URL``; ``test_search_elasticsearch.py`` runs
the same cases on a live Elasticsearch cluster when ``ELASTICSEARCH_URL`` is set.
"""

import pytest

from wagtail.models import Page

from search.analysis import fold, language_of, stem
from search.query import ParsedQuery

from .factories import DialoguePageFactory, LocaleFactory, WeeklyQuestionPageFactory, add_comment, make_member


def titles(response):
    return [hit.title for hit in response.context["search_results"]]


def found(response):
    """The objects (pages, comments) the search listed, in order."""
    return [hit.obj for hit in response.context["search_results"]]


def translate_and_publish(page, language_code, **fields):
    """``page`` copied into ``language_code`` (parents too), given ``fields``, and published."""
    translation = page.copy_for_translation(LocaleFactory(language_code=language_code), copy_parents=True)
    for page_in_language in Page.objects.filter(locale=translation.locale, live=False).specific():
        page_in_language.save_revision().publish()
    translation = translation.specific.__class__.objects.get(pk=translation.pk)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


@pytest.fixture
def writer(db):
    return make_member("lucia")


@pytest.fixture
def atlas(dialogue_index, writer):
    """An English dialogue with a week whose thread holds comments in Spanish and French."""
    dialogue = DialoguePageFactory(
        parent=dialogue_index,
        title="Mapping the neighbourhood",
        slug="mapping",
        introduction="<p>Volunteer cartographers and their beekeeping neighbours drew the first training maps "
        "of Zorritos.</p>",
    )
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week of maps", slug="maps")
    comments = {
        "es": add_comment(
            week, writer, "Visitamos las panaderías del barrio y un murciélago voló sobre la capacitación.", "es"
        ),
        "fr": add_comment(week, writer, "Les boulangeries du quartier ont accueilli les formations.", "fr"),
        "es_english_word": add_comment(week, writer, "El taller sobre beekeeping fue un éxito.", "es"),
    }
    return {"dialogue": dialogue, "week": week, "comments": comments}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("cartographer", "en"),
        ("cartographers", "en"),
        ("trainings", "en"),
        ("train", "en"),
        ("panadería", "es"),
        ("panaderia", "es"),
        ("murcielago", "es"),
        ("MURCIÉLAGOS", "es"),
        ("capacitaciones", "es"),
        ("boulangerie", "fr"),
        ("formation", "fr"),
    ],
)
def test_a_word_finds_its_other_forms_with_or_without_accents(client, atlas, query, language):
    listed = found(client.get(f"/{language}/search/", {"q": query, "language": "any"}))
    expected = atlas["dialogue"] if language == "en" else atlas["comments"][language]
    assert listed == [expected]


@pytest.mark.django_db
def test_unrelated_words_still_find_nothing(client, atlas):
    for query in ("cartography", "panaderos", "fromage", "murciélagas zeppelin"):
        assert titles(client.get("/en/search/", {"q": query, "language": "any"})) == [], query


@pytest.mark.django_db
def test_each_text_is_stemmed_in_its_own_language(client, atlas):
    # “beekeepers” meets the English page's “beekeeping” through the English stem …
    assert titles(client.get("/en/search/", {"q": "beekeepers", "language": "any"})) == ["Mapping the neighbourhood"]
    # … while the Spanish comment's “beekeeping” is read as Spanish, which has no such stem. (The
    # English page, not translated into Spanish, is on the Spanish site too, marked as English.)
    spanish_site = found(client.get("/es/search/", {"q": "beekeeping"}))
    assert atlas["comments"]["es_english_word"] in spanish_site
    assert atlas["dialogue"].pk in [obj.pk for obj in spanish_site]
    assert atlas["comments"]["es_english_word"] not in found(client.get("/es/search/", {"q": "beekeepers"}))
    assert language_of(atlas["comments"]["fr"]) == "fr"
    assert language_of(atlas["dialogue"]) == "en"
    assert stem(fold("Panaderías"), "es") == stem("panaderia", "es")


@pytest.mark.django_db
def test_quoted_phrases_match_their_exact_words_only(client, atlas):
    expected = [atlas["comments"]["es"]]
    assert found(client.get("/es/search/", {"q": '"panaderías del barrio"'})) == expected
    assert found(client.get("/es/search/", {"q": '"panaderias del barrio"'})) == expected, "accents still fold"
    assert titles(client.get("/es/search/", {"q": '"panadería del barrio"'})) == [], "another inflection"
    assert titles(client.get("/es/search/", {"q": '"barrio panaderías"'})) == [], "another order"
    assert titles(client.get("/en/search/", {"q": '"volunteer cartographer"', "language": "any"})) == []
    phrase_and_word = titles(client.get("/en/search/", {"q": '"volunteer cartographers" maps'}))
    assert phrase_and_word == ["Mapping the neighbourhood"]


@pytest.mark.django_db
def test_excerpts_highlight_the_inflected_and_accented_words(client, atlas):
    response = client.get("/en/search/", {"q": "trainings cartographer"})
    [hit] = response.context["search_results"]
    assert "<mark>training</mark>" in hit.excerpt
    assert "<mark>cartographers</mark>" in hit.excerpt
    response = client.get("/es/search/", {"q": "murcielagos"})
    [hit] = response.context["search_results"]
    assert "<mark>murciélago</mark>" in hit.excerpt
    assert ParsedQuery.parse("genero").matches_all("Igualdad de género")
    assert not ParsedQuery.parse("genero mujer").matches_all("Igualdad de género")
    highlighted = ParsedQuery.parse('"igualdad de genero"').highlight("Debate: igualdad de género")
    assert highlighted == "Debate: <mark>igualdad</mark> <mark>de</mark> <mark>género</mark>"


@pytest.mark.django_db
def test_autocomplete_ignores_accents(client, atlas):
    spanish = translate_and_publish(atlas["dialogue"], "es", title="Cartografía del barrio")
    data = client.get("/es/search/autocomplete/", {"q": "cartografi"}).json()
    assert [result["title"] for result in data["results"]] == [spanish.title]


@pytest.mark.django_db
def test_a_french_page_is_stemmed_in_french(client, atlas):
    translate_and_publish(
        atlas["dialogue"],
        "fr",
        title="Cartographier le quartier",
        introduction="<p>Les fromageries et les boulangeries ont prêté leurs vitrines.</p>",
    )
    assert titles(client.get("/fr/search/", {"q": "fromagerie"})) == ["Cartographier le quartier"]
    assert titles(client.get("/fr/search/", {"q": "pretes"})) == ["Cartographier le quartier"]


@pytest.mark.django_db
def test_results_show_the_readers_translation_once(client, atlas):
    spanish = translate_and_publish(
        atlas["dialogue"],
        "es",
        title="Cartografía del barrio",
        introduction="<p>Cartógrafos voluntarios y sus vecinos dibujaron los primeros mapas de Zorritos.</p>",
    )
    # The English page matches an English word; the reader on /es/ gets its Spanish translation.
    response = client.get("/es/search/", {"q": "cartographers", "language": "any"})
    [hit] = [hit for hit in response.context["search_results"] if hit.type_label != "Comment"]
    assert hit.title == "Cartografía del barrio"
    assert hit.url == spanish.url
    assert hit.language == "es"
    assert "Cartógrafos voluntarios" in hit.excerpt
    # Both versions match: the translation is listed once, not both.
    assert titles(client.get("/es/search/", {"q": "zorritos", "language": "any"})) == [spanish.title]
    assert titles(client.get("/en/search/", {"q": "zorritos", "language": "any"})) == ["Mapping the neighbourhood"]
    # Asking for English content explicitly still shows the English page.
    english = titles(client.get("/es/search/", {"q": "cartographers", "language": "en"}))
    assert english == ["Mapping the neighbourhood"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query"),
    [("en", "trainings"), ("en", "train"), ("es", "capacitaciones"), ("es", "genero"), ("fr", "formations")],
)
def test_the_demo_site_finds_the_words_of_issue_13(client, demo_site, language, query):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.context["result_count"] > 0, (language, query)
