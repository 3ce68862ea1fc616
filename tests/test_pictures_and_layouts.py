"""Pictures through Wagtail's renditions, initials for people without a photo, and layouts that
leave out what is empty (issue 17)."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogue_pages.models import DialogueModerator
from home import illustrations
from tests.factories import (
    CaseStudyPageFactory,
    DialoguePageFactory,
    KnowledgeProductPageFactory,
    PersonFactory,
    assert_page_shows,
    make_week,
)


def picture_tags(html):
    return re.findall(r"<picture>.*?</picture>", html, flags=re.S)


@pytest.fixture
def illustration(db):
    return illustrations.generated_image("test-seed", "a test subject", size=(1000, 600))


@pytest.mark.django_db
def test_generated_illustration_says_what_it_is_and_is_made_once(illustration):
    assert illustration.title == "Generated illustration: a test subject"
    assert "Generated illustration" in illustration.description
    assert (illustration.width, illustration.height) == (1000, 600)
    assert illustrations.generated_image("test-seed", "a test subject").pk == illustration.pk
    # The same seed draws the same picture; another seed another one.
    assert illustrations.abstract_png("a", (120, 80)) == illustrations.abstract_png("a", (120, 80))
    assert illustrations.abstract_png("a", (120, 80)) != illustrations.abstract_png("b", (120, 80))


@pytest.mark.django_db
def test_dialogue_page_shows_its_image_in_modern_formats_with_size_and_caption(client, dialogue_index, illustration):
    dialogue = DialoguePageFactory(parent=dialogue_index, title="Pictured dialogue", image=illustration)
    html = client.get(dialogue.url).content.decode()
    [picture] = picture_tags(html)
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    assert re.search(r'<img[^>]+width="\d+"[^>]+height="\d+"', picture) or re.search(
        r'<img[^>]+height="\d+"[^>]+width="\d+"', picture
    )
    assert re.search(r'srcset="[^"]+ 480w, [^"]+ 960w"', picture)
    assert "<figcaption>Generated illustration (abstract shapes), not a photograph.</figcaption>" in html


@pytest.mark.django_db
def test_dialogue_without_image_shows_no_picture(client, dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index, title="Plain dialogue")
    html = client.get(dialogue.url).content.decode()
    assert picture_tags(html) == []
    assert "<figure" not in html


@pytest.mark.django_db
def test_moderator_without_photo_gets_an_initials_avatar(client, dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index)
    person = PersonFactory(name="Dr María de la Cruz", locale=dialogue.locale)
    DialogueModerator.objects.create(page=dialogue, person=person)
    html = client.get(dialogue.url).content.decode()
    assert re.search(r'<span class="avatar avatar--\d" aria-hidden="true">MC</span>', html)
    assert "Dr María de la Cruz" in html


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Gary Barker", "GB"), ("Dr Jenn Williamson", "JW"), ("Ruya", "R"), ("Amit Kumar Singh", "AS")],
)
def test_initials_skip_titles_and_take_first_and_last_names(name, initials):
    from dialogue_pages.models import Person

    assert Person(name=name).initials == initials


@pytest.mark.django_db
def test_case_study_leaves_out_empty_sections_and_points_to_the_publication(client, product_index):
    product = KnowledgeProductPageFactory(parent=product_index, title="The Compendium")
    case = CaseStudyPageFactory(parent=product, title="A short case", organisation="MUPAN", country="", region="")
    html = client.get(case.url).content.decode()
    for empty in ("Target audience", "Training approach", "Results", "Challenges", "Lessons learned", "Country"):
        assert f">{empty}<" not in html, f"empty section {empty!r} rendered"
    assert_page_shows(
        client, case.url, ["<dt>Organisation</dt><dd>MUPAN</dd>", "is in the publication “The Compendium”"]
    )


@pytest.mark.django_db
def test_case_study_with_a_narrative_shows_it_and_no_pointer(client, product_index):
    product = KnowledgeProductPageFactory(parent=product_index, title="The Compendium")
    case = CaseStudyPageFactory(parent=product, results="<p>Trainers trained.</p>")
    html = client.get(case.url).content.decode()
    assert "<h2>Results</h2><p>Trainers trained.</p>" in html
    assert "is in the publication" not in html


@pytest.mark.django_db
def test_product_covers_add_no_query_per_product(client, product_index, illustration):
    KnowledgeProductPageFactory(parent=product_index, cover_image=illustration)
    client.get(product_index.url)  # makes the renditions
    with CaptureQueriesContext(connection) as one:
        html = client.get(product_index.url).content.decode()
    assert len(picture_tags(html)) == 1
    for _ in range(3):
        KnowledgeProductPageFactory(parent=product_index, cover_image=illustration)
    client.get(product_index.url)
    with CaptureQueriesContext(connection) as four:
        html = client.get(product_index.url).content.decode()
    assert len(picture_tags(html)) == 4
    assert len(four.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_week_page_right_column_says_when_and_how_to_take_part(client, dialogue_index):
    week = make_week(dialogue_index)
    assert_page_shows(
        client,
        week.url,
        [
            'aria-label="About this week"',
            "How to take part",
            "Only members of the Community of Practice can take part.",
            week.date_range_label,
        ],
    )


@pytest.mark.django_db
def test_dialogue_page_puts_the_concept_note_behind_a_table_of_contents(client, dialogue_index):
    dialogue = DialoguePageFactory(
        parent=dialogue_index, objectives="<p>To discuss.</p>", background="<p>Since 2013.</p>", target_audience=""
    )
    html = client.get(dialogue.url).content.decode()
    toc = re.search(r'<nav class="toc".*?</nav>', html, flags=re.S).group(0)
    assert 'href="#objectives-heading"' in toc and 'href="#background-heading"' in toc
    assert "#audience-heading" not in toc
    # Weeks and webinars come before the concept note.
    assert html.index('id="weeks-heading"') < html.index('id="webinars-heading"') < html.index('id="concept-heading"')
