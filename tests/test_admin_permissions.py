"""Every admin screen and action of the project checks its own permission.

The matrix: five roles (a visitor, a member, an account with nothing but admin access,
a page editor, a discussion moderator) against each screen (GET) and each action (a
forged POST straight to its URL). A role either gets the screen, or a refusal (403,
or a redirect to the login or the admin's home) that shows none of its content and
changes nothing.
"""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import AudienceQuestion, DialogueComment, DialoguePage, DialogueReportPage, Person

from .factories import WebinarPageFactory, add_comment, make_member, make_week

ROLES = ["visitor", "member", "admin_only", "page_editor", "discussion_moderator"]
# What each role may open or do; everything else must be refused.
ALLOWED = {
    "visitor": set(),
    "member": set(),
    "admin_only": set(),
    "page_editor": {
        "translation status",
        "search promotions",
        "people",
        "add person",
        "add promotion",
        "new dialogue",
        "checklist",
        "draft report",
        "plan dialogue",
        "draft the report",
    },
    "discussion_moderator": {
        "moderation queue",
        "moderate comment",
        "dialogues",
        "participation",
        "export",
        "webinar questions",
        "questions of a webinar",
        "moderate question",
    },
}
SECRET = "Only staff may read this zq8secret"


@pytest.fixture
def world(dialogue_index):
    week = make_week(dialogue_index)
    dialogue = week.get_parent().specific
    webinar = WebinarPageFactory(parent=dialogue, starts_at=timezone.now() + timedelta(hours=2))
    author = make_member("author")
    comment = add_comment(week, author, SECRET, is_public=False)
    question = AudienceQuestion.objects.create(webinar=webinar, author=author, text=SECRET)
    return {"week": week, "dialogue": dialogue, "webinar": webinar, "comment": comment, "question": question}


def account(role):
    if role == "visitor":
        return None
    if role == "member":
        return make_member("plain-member")
    if role == "admin_only":
        group = Group.objects.create(name="Admin access only")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        return make_member("admin-only", groups=[group.name])
    if role == "page_editor":
        return make_member("page-editor", groups=["Editors"])
    return make_member("discussion-moderator", groups=[DISCUSSION_MODERATORS_GROUP])


def log_in_as(client, role):
    """Sign ``client`` in with an account of ``role`` (a visitor stays anonymous)."""
    user = account(role)
    if user:
        client.force_login(user)
    return user


def screens(world):
    dialogue, webinar = world["dialogue"], world["webinar"]
    return {
        "moderation queue": reverse("dialogue_moderation:index"),
        "dialogues": reverse("dialogue_moderation:dialogues"),
        "participation": reverse("dialogue_moderation:dialogue", args=[dialogue.pk]),
        "export": reverse("dialogue_moderation:export", args=[dialogue.pk, "csv"]),
        "webinar questions": reverse("webinar_questions:index"),
        "questions of a webinar": f"{reverse('webinar_questions:index')}?webinar={webinar.pk}",
        "translation status": reverse("dialogue_translation_status"),
        "search promotions": reverse("wagtailsearchpromotions:index"),
        "people": reverse("wagtailsnippets_dialogue_pages_person:list"),
        "announcements": reverse("mailings_admin:list", args=[dialogue.pk]),
        "new announcement": reverse("mailings_admin:new", args=[dialogue.pk]),
        "new dialogue": reverse("dialogue_planning:new_dialogue", args=[dialogue.pk]),
        "checklist": reverse("dialogue_planning:checklist", args=[dialogue.pk]),
        "draft report": reverse("dialogue_planning:draft_report", args=[dialogue.pk]),
    }


def refused(response):
    if response.status_code == 403:
        return True
    return response.status_code == 302 and (
        "/login/" in response["Location"] or response["Location"].rstrip("/").endswith("/admin")
    )


def content_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_screens_it_may(client, world, role):
    log_in_as(client, role)
    outcome = {}
    for name, url in screens(world).items():
        response = client.get(url)
        if response.status_code == 200:
            outcome[name] = "allowed"
        else:
            assert refused(response), (name, response.status_code)
            assert SECRET.encode() not in content_of(response), name
            outcome[name] = "refused"
    expected = {name: "allowed" if name in ALLOWED[role] else "refused" for name in screens(world)}
    assert outcome == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_forged_posts_change_nothing_unless_the_role_allows(client, world, role):
    log_in_as(client, role)
    comment, question = world["comment"], world["question"]
    actions = {
        "moderate comment": (reverse("dialogue_moderation:moderate", args=[comment.pk, "approve"]), {}),
        "moderate question": (reverse("webinar_questions:moderate", args=[question.pk, "asked"]), {}),
        "add person": (
            reverse("wagtailsnippets_dialogue_pages_person:add"),
            {"name": "Forged Person", "locale": "1"},
        ),
        "add promotion": (
            reverse("wagtailsearchpromotions:add"),
            {
                "query_string": "forged",
                "editors_picks-TOTAL_FORMS": "1",
                "editors_picks-INITIAL_FORMS": "0",
                "editors_picks-MIN_NUM_FORMS": "0",
                "editors_picks-MAX_NUM_FORMS": "1000",
                "editors_picks-0-page": str(world["week"].pk),
                "editors_picks-0-description": "forged",
                "editors_picks-0-ORDER": "0",
            },
        ),
        "plan dialogue": (
            reverse("dialogue_planning:new_dialogue", args=[world["dialogue"].pk]),
            {"start_date": (timezone.localdate() + timedelta(days=30)).isoformat(), "title": "Forged", "number": 99},
        ),
        "draft the report": (reverse("dialogue_planning:draft_report", args=[world["dialogue"].pk]), {}),
    }
    effects = {
        "moderate comment": lambda: DialogueComment.objects.get(pk=comment.pk).is_public,
        "moderate question": lambda: (
            AudienceQuestion.objects.get(pk=question.pk).status == AudienceQuestion.Status.ASKED
        ),
        "add person": lambda: Person.objects.filter(name="Forged Person").exists(),
        "add promotion": lambda: SearchPromotion.objects.filter(query__query_string="forged").exists(),
        "plan dialogue": lambda: DialoguePage.objects.filter(title="Forged").exists(),
        "draft the report": lambda: DialogueReportPage.objects.exists(),
    }
    for name, (url, data) in actions.items():
        response = client.post(url, data)
        if name in ALLOWED[role]:
            assert response.status_code in (200, 302), name
            assert effects[name](), f"{role} may {name}"
        else:
            assert refused(response), (name, response.status_code)
            assert not effects[name](), f"{role} may not {name}"
    assert Query.objects.filter(query_string="forged").count() <= int("add promotion" in ALLOWED[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin_only", "page_editor", "discussion_moderator"])
def test_the_admin_menu_offers_only_what_the_role_may_open(client, world, role):
    client.force_login(account(role))
    html = client.get("/admin/").content.decode()
    shown = {name for name, url in screens(world).items() if f'"{url}"' in html or f"{url}&quot;" in html}
    menu = {"moderation queue", "webinar questions", "translation status", "people"}
    assert shown & menu == ALLOWED[role] & menu


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_prepared_export_file_is_served_to_moderators_only(client, world, role):
    log_in_as(client, role)
    url = reverse("dialogue_moderation:export-file", args=[world["dialogue"].pk, "discussion-nonexistent.csv"])

    response = client.get(url)

    if role == "discussion_moderator":
        assert response.status_code == 404, "a moderator asking for a file that was never prepared"
    else:
        assert refused(response), response.status_code
