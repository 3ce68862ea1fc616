"""Knowledge products: metadata, downloads per language, case studies filtered by region and theme."""

import pytest

from django.core.exceptions import ValidationError

from knowledge_products.validators import validate_isbn

from .factories import CaseStudyPageFactory, KnowledgeProductPageFactory


@pytest.fixture
def product(product_index):
    product = KnowledgeProductPageFactory(parent=product_index, title="Compendium")
    radio = CaseStudyPageFactory(parent=product, title="Radio for women", region="latin-america-caribbean")
    radio.themes.add("Radio")
    radio.save()
    men = CaseStudyPageFactory(parent=product, title="Working with men", region="north-america")
    men.themes.add("Men and boys")
    men.save()
    return product


def case_titles(response):
    return [case.title for case in response.context["case_studies"]]


@pytest.mark.django_db
def test_product_lists_all_its_case_studies(client, product):
    response = client.get(product.url)
    assert case_titles(response) == ["Radio for women", "Working with men"]
    assert "2 case studies shown" in response.content.decode()


@pytest.mark.django_db
def test_filter_by_region_and_theme_combine(client, product):
    assert case_titles(client.get(product.url, {"region": "north-america"})) == ["Working with men"]
    assert case_titles(client.get(product.url, {"theme": "Radio"})) == ["Radio for women"]
    response = client.get(product.url, {"region": "north-america", "theme": "Radio"})
    assert case_titles(response) == []
    assert "No case study matches these filters." in response.content.decode()


@pytest.mark.django_db
def test_unknown_filter_values_are_ignored(client, product):
    response = client.get(product.url, {"region": "<script>", "theme": "x" * 5000})
    assert response.status_code == 200
    assert case_titles(response) == ["Radio for women", "Working with men"]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_only_live_case_studies_are_listed(client, product):
    CaseStudyPageFactory(parent=product, title="Draft case", live=False)
    assert "Draft case" not in case_titles(client.get(product.url))


@pytest.mark.django_db
def test_product_without_cases_says_so(client, product_index):
    product = KnowledgeProductPageFactory(parent=product_index)
    html = client.get(product.url).content.decode()
    assert "The case studies of this publication have not been added yet." in html
    assert "No file is available to download yet." in html


@pytest.mark.parametrize("isbn", ["978-3-16-148410-0", "0-306-40615-2", "080442957X"])
def test_valid_isbns_are_accepted(isbn):
    validate_isbn(isbn)


@pytest.mark.parametrize("isbn", ["978-3-16-148410-1", "12345", "ISBN 978", "0-306-40615-3"])
def test_invalid_isbns_get_a_clear_message(isbn):
    with pytest.raises(ValidationError, match="valid ISBN"):
        validate_isbn(isbn)
