"""Staff can create and edit every page type and the Person snippet in the Wagtail admin."""

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from dialogue_pages.models import Person

pytestmark = pytest.mark.usefixtures("demo_site")


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_demo_page_opens_in_the_editor(staff_client):
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        if type(page) in seen:
            continue
        seen.add(type(page))
        response = staff_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, type(page).__name__
        assert 'name="title"' in response.content.decode()
    assert len(seen) == 9  # every page type but the report, which the demo does not have yet


@pytest.mark.django_db
def test_each_child_type_can_be_added_under_its_parent(staff_client):
    parents = {
        "dialogue_pages/weeklyquestionpage": "/en/dialogues/compendium-of-good-practices/",
        "dialogue_pages/webinarpage": "/en/dialogues/compendium-of-good-practices/",
        "dialogue_pages/dialoguereportpage": "/en/dialogues/compendium-of-good-practices/",
        "dialogue_pages/dialoguepage": "/en/dialogues/",
        "knowledge_products/casestudypage": "/en/knowledge-products/compendium-of-good-practices/",
    }
    for model, url in parents.items():
        parent = Page.objects.get(url_path="/home" + url.removeprefix("/en"))
        response = staff_client.get(f"/admin/pages/add/{model}/{parent.pk}/")
        assert response.status_code == 200, model
        assert "help" in response.content.decode()


@pytest.mark.django_db
def test_people_are_managed_as_snippets(staff_client):
    response = staff_client.get("/admin/snippets/dialogue_pages/person/")
    assert response.status_code == 200
    assert "Jane Kato-Wallace" in response.content.decode()
    person = Person.objects.get(name="Ruya Leghari", locale__language_code="en")
    assert staff_client.get(f"/admin/snippets/dialogue_pages/person/edit/{person.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_editor_refuses_a_week_that_closes_before_it_opens(staff_client):
    week = Page.objects.get(slug="week-1").specific
    data = nested_form_data(
        {
            "title": week.title,
            "slug": week.slug,
            "week_number": "1",
            "opens_at": "2016-09-05 00:00",
            "closes_at": "2016-09-01 00:00",
            "introduction": rich_text("<p>Online discussion.</p>"),
            "questions": streamfield([]),
        }
    )
    response = staff_client.post(f"/admin/pages/{week.pk}/edit/", data)
    assert response.status_code == 200
    assert "The week must close after it opens." in response.content.decode()
