"""Membership: registering, confirming an email, signing in, the profile, leaving the community."""

import re
from html.parser import HTMLParser
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import RequestFactory

from dialogue_pages.models import DialogueComment
from members.permissions import is_confirmed_member

PASSWORD = "a-long-test-password-42"
SIGNUP_URL = "/en/accounts/signup/"
LOGIN_URL = "/en/accounts/login/"
PROFILE_URL = "/en/accounts/profile/"
DELETE_URL = "/en/accounts/delete/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; each test starts with none."""
    cache.clear()


def make_user(email, verified=True, primary=True, **fields):
    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=primary)
    return user


def is_logged_in(client):
    return "_auth_user_id" in client.session


class PageStructure(HTMLParser):
    """Counts h1s and finds form inputs that no <label for> names."""

    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.input_ids = []
        self.label_targets = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.input_ids.append(attrs.get("id"))

    @property
    def unlabelled_inputs(self):
        return [input_id for input_id in self.input_ids if input_id not in self.label_targets]


def structure_of(response):
    parser = PageStructure()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def member(db):
    return make_user("ana@example.org", display_name="Ana")


# Registering and confirming


def test_registering_with_an_email_sends_a_confirmation_email(home, client):
    response = client.post(SIGNUP_URL, {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body
    user = get_user_model().objects.get(email="new@example.org")
    assert not is_confirmed_member(user)
    assert not user.groups.filter(name="Members").exists()


def test_following_the_confirmation_link_makes_a_confirmed_member(home, client):
    client.post(SIGNUP_URL, {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD})
    link = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)

    page = client.get(link)
    assert page.status_code == 200
    user = get_user_model().objects.get(email="new@example.org")
    assert not is_confirmed_member(user), "GET only shows the confirmation form"

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified
    assert user.groups.filter(name="Members").exists()
    assert is_confirmed_member(user)


# Signing in


def test_a_confirmed_member_signs_in_with_their_email(home, client, member):
    response = client.post(LOGIN_URL, {"login": "ana@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/", "the home page in the language the member signed in from"
    assert int(client.session["_auth_user_id"]) == member.pk


def test_an_unconfirmed_account_cannot_sign_in_and_is_sent_to_confirm(home, client):
    make_user("pending@example.org", verified=False)

    response = client.post(LOGIN_URL, {"login": "pending@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert not is_logged_in(client)
    assert [message.to for message in mail.outbox] == [["pending@example.org"]], "a new confirmation link is sent"


def test_a_forgotten_password_can_be_reset_by_email(home, client, member):
    response = client.post("/en/accounts/password/reset/", {"email": "ana@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("url", [LOGIN_URL, SIGNUP_URL, "/en/accounts/password/reset/", "/es/accounts/login/"])
def test_account_pages_use_the_site_layout_with_one_heading_and_labelled_inputs(home, client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html, "the page extends the site's base.html"
    assert '<main id="main"' in html
    page = structure_of(response)
    assert page.h1_count == 1
    assert page.input_ids, "the page has a form"
    assert page.unlabelled_inputs == []


def test_account_settings_pages_show_the_account_navigation(home, client, member):
    client.force_login(member)

    response = client.get("/en/accounts/password/change/")

    assert response.status_code == 200
    assert 'aria-label="Account settings"' in response.content.decode()
    assert structure_of(response).h1_count == 1


# The profile


def test_visitors_are_sent_to_sign_in_before_the_profile(home, client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_a_member_edits_their_profile_and_sees_it_saved(home, client, member):
    client.force_login(member)
    page = client.get(PROFILE_URL)
    assert page.status_code == 200
    assert structure_of(page).h1_count == 1
    assert structure_of(page).unlabelled_inputs == []

    response = client.post(
        PROFILE_URL,
        {"display_name": "Ana G.", "organisation": "ITC-ILO", "country": "IT", "preferred_language": "es"},
        follow=True,
    )

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert "Your profile has been saved." in response.content.decode()
    member.refresh_from_db()
    assert (member.display_name, member.organisation, member.country, member.preferred_language) == (
        "Ana G.",
        "ITC-ILO",
        "IT",
        "es",
    )


def test_invalid_profile_data_shows_the_error_and_keeps_what_was_typed(home, client, member):
    client.force_login(member)

    response = client.post(
        PROFILE_URL,
        {"display_name": "Ana Typed", "organisation": "", "country": "", "preferred_language": "xx"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert 'value="Ana Typed"' in html
    assert 'aria-invalid="true"' in html
    member.refresh_from_db()
    assert member.display_name == "Ana"
    assert member.preferred_language == "en"


def test_public_name_never_shows_the_full_email(db):
    named = make_user("named@example.org", display_name="  Named Person ")
    unnamed = make_user("private.person@example.org")

    assert named.public_name == "Named Person"
    assert unnamed.public_name == f"Member {unnamed.pk}"
    assert "private" not in unnamed.public_name and "private" not in unnamed.get_full_name()


# Deleting the account


def test_get_on_delete_only_shows_the_confirmation_form(home, client, member):
    client.force_login(member)

    response = client.get(DELETE_URL)

    assert response.status_code == 200
    assert 'name="confirm"' in response.content.decode()
    assert structure_of(response).h1_count == 1
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_delete_without_confirming_keeps_the_account(home, client, member):
    client.force_login(member)

    response = client.post(DELETE_URL, {})

    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert is_logged_in(client)


def test_deleting_an_account_keeps_its_comments_as_a_former_members(home, client, member):
    comment = DialogueComment.objects.create(
        content_object=home,
        site_id=1,
        user=member,
        user_name="Ana",
        user_email="ana@example.org",
        user_url="https://ana.example.org",
        comment="Training works best when it is practical.",
    )
    other = make_user("bo@example.org")
    others_comment = DialogueComment.objects.create(
        content_object=home, site_id=1, user=other, user_name="bo", user_email="bo@example.org", comment="Agreed."
    )
    client.force_login(member)

    response = client.post(DELETE_URL, {"confirm": "on"}, follow=True)

    assert response.redirect_chain[0] == ("/en/", 302)
    assert "Your account has been deleted." in response.content.decode()
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email="ana@example.org").exists()
    assert not is_logged_in(client)
    comment.refresh_from_db()
    assert comment.comment == "Training works best when it is practical."
    assert (comment.user, comment.user_name, comment.user_email, comment.user_url) == (None, "", "", "")
    others_comment.refresh_from_db()
    assert (others_comment.user, others_comment.user_email) == (other, "bo@example.org")


def test_visitors_are_sent_to_sign_in_before_deleting(home, client):
    response = client.post(DELETE_URL, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_account_pages_refuse_other_methods(home, client, member, method):
    client.force_login(member)

    for url in (PROFILE_URL, DELETE_URL):
        assert getattr(client, method)(url).status_code == 405
    assert get_user_model().objects.filter(pk=member.pk).exists()


# Groups and membership


def permission_names(group):
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrations_create_the_groups_with_the_right_permissions(db):
    discussion_moderators = permission_names(Group.objects.get(name="Discussion moderators"))
    page_moderators = permission_names(Group.objects.get(name="Moderators"))

    assert {"dialogue_pages.moderate_dialoguecomment", "wagtailadmin.access_admin"} <= discussion_moderators
    assert "dialogue_pages.moderate_dialoguecomment" not in page_moderators, "page approvers do not moderate"
    assert "wagtailadmin.access_admin" in page_moderators
    assert Group.objects.filter(name="Editors").exists()
    assert not Group.objects.get(name="Members").permissions.exists(), "members get no admin access"


def test_is_confirmed_member(db):
    verified = make_user("verified@example.org")
    unverified = make_user("unverified@example.org", verified=False)
    inactive = make_user("inactive@example.org", is_active=False)
    secondary_only = make_user("primary@example.org", verified=False)
    EmailAddress.objects.create(user=secondary_only, email="other@example.org", verified=True, primary=False)

    assert is_confirmed_member(verified)
    assert not is_confirmed_member(AnonymousUser())
    assert not is_confirmed_member(unverified)
    assert not is_confirmed_member(inactive)
    assert not is_confirmed_member(secondary_only)


# The header's account links


def render_account_links(user, path="/en/dialogues/?page=2"):
    request = RequestFactory().get(path)
    request.user = user
    return render_to_string("includes/account_links.html", {"user": user}, request=request)


def test_visitors_are_offered_sign_in_and_registration_returning_to_the_page(db):
    html = render_account_links(AnonymousUser())

    assert 'href="/en/accounts/login/?next=/en/dialogues/%3Fpage%3D2"' in html
    assert 'href="/en/accounts/signup/?next=/en/dialogues/%3Fpage%3D2"' in html
    assert "logout" not in html


def test_members_see_their_profile_and_sign_out_with_a_post_form(member):
    html = render_account_links(member)

    assert 'href="/en/accounts/profile/"' in html
    assert "Ana" in html
    assert re.search(
        r'<form method="post" action="/en/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"', html
    )
    assert "ana@example.org" not in html


def test_the_role_migration_moves_discussion_moderators_out_of_wagtails_page_moderators(db):
    """As on a site migrated from before the split: "Moderators" held the permission and the demo's moderator."""
    split_roles = import_module("dialogue_pages.migrations.0004_discussion_moderators_group").split_roles
    moderate = Permission.objects.get(codename="moderate_dialoguecomment")
    page_moderators = Group.objects.get(name="Moderators")
    page_moderators.permissions.add(moderate)
    old_moderator = get_user_model().objects.create_user("moderator", "moderator@example.org", "pw")
    old_moderator.groups.add(page_moderators)

    split_roles(apps, None)

    old_moderator = get_user_model().objects.get(pk=old_moderator.pk)
    assert old_moderator.groups.filter(name="Discussion moderators").exists()
    assert old_moderator.has_perm("dialogue_pages.moderate_dialoguecomment")
    assert not page_moderators.permissions.filter(pk=moderate.pk).exists()


def test_the_country_migration_counts_mexico_once_however_it_was_typed(db):
    module = import_module("members.migrations.0005_country_from_a_list")
    names = module.names_to_codes()

    typed = ["Mexico", "México", " mexico. ", "MX", "Perú", "Pérou", "Côte d'Ivoire", "Earth"]
    codes = [module.code_for(text, names) for text in typed]

    assert codes[:4] == ["MX"] * 4
    assert codes[4:6] == ["PE", "PE"]
    assert codes[6] == "CI"
    assert codes[7] == "", "a value naming no country is left for the member to choose"


@pytest.mark.parametrize("login", ["amina@example.org", "amina"])
def test_a_member_signs_in_with_the_email_address_or_the_username(home, client, login):
    user = get_user_model().objects.create_user("amina", "amina@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    page = client.get(LOGIN_URL).content.decode()
    assert 'for="id_login">Email address or username' in page

    response = client.post(LOGIN_URL, {"login": login, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 200
