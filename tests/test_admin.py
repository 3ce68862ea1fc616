"""Staff can create and edit every page type and the Person snippet in the Wagtail admin."""

import pytest

from django.contrib.auth import get_user_model

from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

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


EMPTY_INLINES = {
    name: inline_formset([])
    for name in ("time_zones", "moderators", "panellists", "captions", "chapters", "documents", "related_pages")
}
# Each page type with only its required fields, under a parent the demo has.
MINIMAL_PAGES = {
    "dialogue_pages/dialoguepage": (
        "/dialogues/",
        {"number": "8", "start_at": "2027-03-01 00:00", "end_at": "2027-03-20 00:00", "date_precision": "day"},
    ),
    "dialogue_pages/weeklyquestionpage": (
        "/dialogues/compendium-of-good-practices/",
        {"week_number": "4", "opens_at": "2016-09-19 00:00", "closes_at": "2016-09-24 00:00"},
    ),
    "dialogue_pages/webinarpage": ("/dialogues/compendium-of-good-practices/", {"starts_at": "2016-09-20 13:00"}),
    "dialogue_pages/dialoguereportpage": ("/dialogues/compendium-of-good-practices/", {}),
    "knowledge_products/knowledgeproductpage": ("/knowledge-products/", {}),
    "knowledge_products/casestudypage": ("/knowledge-products/compendium-of-good-practices/", {}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", MINIMAL_PAGES)
def test_every_page_type_is_created_with_only_its_required_fields(staff_client, model):
    parent_url, fields = MINIMAL_PAGES[model]
    parent = Page.objects.get(url_path="/home" + parent_url)
    add_form = staff_client.get(f"/admin/pages/add/{model}/{parent.pk}/").context["form"]
    data = {"title": "A new page", "slug": "a-new-page", **fields}
    # What the browser sends untouched: the fields' initial values (defaults), empty inlines and streams.
    for name in add_form.fields:
        value = add_form[name].value()
        if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
            data.setdefault(name, value)
    data.update({name: formset for name, formset in EMPTY_INLINES.items() if name in add_form.formsets})
    for field in add_form._meta.model._meta.get_fields():
        if isinstance(field, StreamField):
            data[field.name] = streamfield([])

    response = staff_client.post(f"/admin/pages/add/{model}/{parent.pk}/", nested_form_data(data))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Page.objects.filter(slug="a-new-page", depth=parent.depth + 1).exists()


@pytest.mark.django_db
def test_a_missing_required_field_is_named_with_a_clear_message(staff_client):
    parent = Page.objects.get(url_path="/home/dialogues/compendium-of-good-practices/")
    data = nested_form_data(
        {"title": "Webinar without a date", "slug": "no-date", "duration_minutes": "60", "language": "en"}
        | {name: formset for name, formset in EMPTY_INLINES.items() if name != "related_pages"}
    )

    response = staff_client.post(f"/admin/pages/add/dialogue_pages/webinarpage/{parent.pk}/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be created due to validation errors" in html
    assert response.context["form"].errors["starts_at"] == ["This field is required."]
    assert not Page.objects.filter(slug="no-date").exists()
