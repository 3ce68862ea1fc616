"""Every page type can be created under its allowed parent and nowhere else."""

import pytest

from wagtail.models import Page

from dialogue_pages.models import DialogueIndexPage, DialoguePage, DialogueReportPage, WebinarPage, WeeklyQuestionPage
from home.models import HomePage
from knowledge_products.models import CaseStudyPage, KnowledgeProductIndexPage, KnowledgeProductPage

from .factories import DialoguePageFactory, KnowledgeProductPageFactory

PAGE_TYPES = [
    HomePage,
    KnowledgeProductIndexPage,
    KnowledgeProductPage,
    CaseStudyPage,
    DialogueIndexPage,
    DialoguePage,
    WeeklyQuestionPage,
    WebinarPage,
    DialogueReportPage,
]

ALLOWED_PARENTS = {
    HomePage: {Page},
    KnowledgeProductIndexPage: {Page, HomePage},
    KnowledgeProductPage: {KnowledgeProductIndexPage},
    CaseStudyPage: {KnowledgeProductPage},
    DialogueIndexPage: {Page, HomePage},
    DialoguePage: {DialogueIndexPage},
    WeeklyQuestionPage: {DialoguePage},
    WebinarPage: {DialoguePage},
    DialogueReportPage: {DialoguePage},
}


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_page_type_states_its_parents_and_children(model):
    assert "parent_page_types" in model.__dict__
    assert "subpage_types" in model.__dict__
    assert set(model.allowed_parent_page_models()) == ALLOWED_PARENTS[model]


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_page_type_is_allowed_only_under_its_parents(model, db):
    for parent in PAGE_TYPES:
        expected = parent in ALLOWED_PARENTS[model]
        assert model.can_exist_under(parent()) is expected, f"{model.__name__} under {parent.__name__}"


def test_dialogue_children_are_weeks_webinars_and_report(dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index)
    assert set(dialogue.specific_class.allowed_subpage_models()) == {
        WeeklyQuestionPage,
        WebinarPage,
        DialogueReportPage,
    }
    assert DialogueReportPage.can_create_at(dialogue)
    assert not KnowledgeProductPage.can_create_at(dialogue)


def test_a_dialogue_has_at_most_one_report(dialogue_index):
    from .factories import DialogueReportPageFactory

    dialogue = DialoguePageFactory(parent=dialogue_index)
    assert DialogueReportPage.can_create_at(dialogue)
    DialogueReportPageFactory(parent=dialogue)
    assert not DialogueReportPage.can_create_at(dialogue)


def test_case_studies_live_only_under_a_knowledge_product(product_index, dialogue_index):
    product = KnowledgeProductPageFactory(parent=product_index)
    assert CaseStudyPage.can_create_at(product)
    assert not CaseStudyPage.can_create_at(product_index)
    assert not CaseStudyPage.can_create_at(dialogue_index)


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_page_type_is_searchable_and_has_a_template(model):
    from django.template.loader import get_template

    assert model.search_fields, model.__name__
    get_template(model.template)
