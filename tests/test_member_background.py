"""Registration asks, optionally, for a member's country and kind of organisation; the member
can change or erase them, and choose to be quoted anonymously in reports."""

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache

from members.models import OrganisationKind

from .factories import make_member

PASSWORD = "a-long-test-password-42"
SIGNUP_URL = "/en/accounts/signup/"
PROFILE_URL = "/en/accounts/profile/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def test_the_signup_form_asks_optionally_for_country_and_kind_of_organisation_and_says_why(home, client):
    html = client.get(SIGNUP_URL).content.decode()

    assert 'name="country"' in html
    assert 'name="organisation_kind"' in html
    assert "Grassroots women’s organisation" in html
    assert "Only the site’s staff see them, and only as totals" in html
    assert 'name="country" required' not in html and 'name="organisation_kind" required' not in html


def test_a_new_member_who_says_where_they_work_has_it_recorded(home, client):
    response = client.post(
        SIGNUP_URL,
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "country": "KE",
            "organisation_kind": OrganisationKind.GRASSROOTS,
        },
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.org")
    assert (user.country.code, user.organisation_kind) == ("KE", "grassroots")


def test_a_new_member_may_leave_both_questions_unanswered(home, client):
    response = client.post(SIGNUP_URL, {"email": "quiet@example.org", "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    user = get_user_model().objects.get(email="quiet@example.org")
    assert (user.country, user.organisation_kind) == ("", "")


def test_a_forged_kind_of_organisation_is_refused_with_a_form_error(home, client):
    response = client.post(
        SIGNUP_URL,
        {"email": "forged@example.org", "password1": PASSWORD, "password2": PASSWORD, "organisation_kind": "spy"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not get_user_model().objects.filter(email="forged@example.org").exists()


def test_a_member_erases_their_country_and_kind_of_organisation_on_their_profile(home, client):
    member = make_member("ines")
    member.country, member.organisation_kind = "PE", OrganisationKind.ACADEMIA
    member.save()
    client.force_login(member)
    page = client.get(PROFILE_URL).content.decode()
    assert "You can change or erase them at any time" in page

    response = client.post(
        PROFILE_URL,
        {"display_name": "", "organisation": "", "country": "", "organisation_kind": "", "preferred_language": "en"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.country, member.organisation_kind) == ("", "")


def test_a_member_chooses_to_be_quoted_anonymously_in_reports(home, client):
    member = make_member("lucia")
    client.force_login(member)

    client.post(PROFILE_URL, {"display_name": "Lucía", "preferred_language": "es", "quote_anonymously": "on"})

    member.refresh_from_db()
    assert member.quote_anonymously is True
