"""Participation figures per dialogue, week and question: members, comments, languages, countries,
UN M49 regions and the Global South share, kinds of organisation and new members."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django_countries import countries

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue_pages.discussion.exports import DialogueDiscussion
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.regions import COUNTRY_REGIONS, is_global_south, region_of, sub_region_of

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory, add_comment, make_member

START = datetime(2016, 8, 29, tzinfo=UTC)


def person(username, country="", kind="", joined=START - timedelta(days=400)):
    user = make_member(username)
    user.country, user.organisation_kind, user.date_joined = country, kind, joined
    user.save()
    return user


@pytest.fixture
def dialogue(dialogue_index):
    dialogue = DialoguePageFactory(parent=dialogue_index, start_at=START, end_at=START + timedelta(days=19))
    WeeklyQuestionPageFactory(
        parent=dialogue,
        week_number=1,
        questions=[
            ("question", {"question": "What is a good practice?", "note": ""}),
            ("question", {"question": "How do you measure results?", "note": ""}),
        ],
    )
    WeeklyQuestionPageFactory(parent=dialogue, week_number=2)
    return dialogue


def weeks_of(dialogue):
    return DialogueDiscussion(dialogue).weeks


def figures_of(dialogue):
    return DialogueDiscussion(dialogue).participation()


def test_m49_regions_and_the_global_south():
    assert (region_of("KE").name, sub_region_of("KE").name) == ("Africa", "Sub-Saharan Africa")
    assert (region_of("pe").name, sub_region_of("pe").name) == ("Americas", "Latin America and the Caribbean")
    assert [is_global_south(code) for code in ("KE", "PE", "IN", "FJ", "TR")] == [True] * 5
    assert [is_global_south(code) for code in ("FR", "US", "JP", "KR", "IL", "AU", "NZ", "RU")] == [False] * 8
    assert is_global_south("AQ") is None and region_of("") is None
    unlisted = {country.code for country in countries} - set(COUNTRY_REGIONS)
    assert unlisted == {"AQ", "TW"}, "every country members can choose has its M49 region, except those M49 omits"


def test_figures_count_members_comments_languages_and_questions(dialogue):
    first, second = weeks_of(dialogue)
    practice, results = (block.id for block in first.questions)
    ana, ben = person("ana", "KE", "grassroots"), person("ben", "FR", "academia")
    top = add_comment(first, ana, "A good practice", question_id=practice)
    add_comment(first, ben, "Je suis d'accord", language="fr", parent=top)  # a reply follows its thread's question
    add_comment(first, ben, "We measure", question_id=results)
    add_comment(second, ana, "Week two", language="es")

    figures = figures_of(dialogue)

    assert (figures["comments"], figures["participants"]) == (4, 2)
    week1, week2 = figures["weeks"]
    assert (week1["comments"], week1["participants"], week2["comments"], week2["participants"]) == (3, 2, 1, 1)
    assert [(q["comments"], q["participants"]) for q in week1["questions"]] == [(2, 2), (1, 1)]
    assert [(row["language"], row["comments"]) for row in week1["questions"][0]["languages"]] == [("en", 1), ("fr", 1)]
    assert [(row["language"], row["comments"], row["participants"]) for row in figures["languages"]] == [
        ("en", 2, 2),
        ("es", 1, 1),
        ("fr", 1, 1),
    ]
    assert figures["global_south"] == {"members": 1, "with_country": 2, "share": 50}
    assert week2["global_south"]["share"] == 100
    assert [(row["name"], row["participants"]) for row in figures["organisation_kinds"]] == [
        ("Grassroots women’s organisation", 1),
        ("Academia or research institution", 1),
    ]
    assert [(region["name"], region["participants"]) for region in figures["regions"]] == [
        ("Africa", 1),
        ("Europe", 1),
    ]
    assert figures["regions"][0]["sub_regions"] == [{"code": "202", "name": "Sub-Saharan Africa", "participants": 1}]


def test_only_visible_comments_count(dialogue):
    first, _second = weeks_of(dialogue)
    ana = person("ana", "KE")
    add_comment(first, ana, "Visible")
    for username, fields in [
        ("pending", {"is_public": False}),
        ("hidden", {"is_removed": True}),
        ("deleted", {"is_removed": True, "deleted_by_author": True}),
    ]:
        add_comment(first, person(username, "MX", "government"), "Not counted", language="es", **fields)

    figures = figures_of(dialogue)

    assert (figures["comments"], figures["participants"]) == (1, 1)
    assert [row["country"] for row in figures["countries"]] == ["Kenya"]
    assert figures["organisation_kinds"] == []
    assert [row["language"] for row in figures["languages"]] == ["en"]
    assert figures["states"] == {"published": 1, "pending": 1, "hidden": 1, "deleted": 1}


def test_a_member_who_erased_their_country_is_not_counted_by_country(dialogue, client, home):
    first, _second = weeks_of(dialogue)
    ana, ben = person("ana", "KE"), person("ben", "PE")
    add_comment(first, ana, "Hello")
    add_comment(first, ben, "Hola", language="es")
    assert figures_of(dialogue)["country_count"] == 2

    client.force_login(ben)
    client.post("/en/accounts/profile/", {"display_name": "Ben", "country": "", "preferred_language": "es"})

    figures = figures_of(dialogue)
    assert [row["country"] for row in figures["countries"]] == ["Kenya"]
    assert (figures["country_count"], figures["country_not_given"], figures["participants"]) == (1, 1, 2)
    assert figures["global_south"] == {"members": 1, "with_country": 1, "share": 100}
    assert [(region["name"], region["participants"]) for region in figures["regions"]] == [("Africa", 1)]


def test_new_members_are_those_who_joined_shortly_before_or_during_the_dialogue(dialogue):
    first, _second = weeks_of(dialogue)
    for username, joined in [
        ("veteran", START - timedelta(days=400)),
        ("announced", START - timedelta(days=10)),
        ("during", START + timedelta(days=3)),
    ]:
        add_comment(first, person(username, joined=joined), "Hello")

    figures = figures_of(dialogue)

    assert figures["new_members"] == 2
    assert figures["new_members_since"] == "2016-07-30"


def test_figures_cost_the_same_queries_for_few_or_many_comments(dialogue):
    first, second = weeks_of(dialogue)
    practice = first.questions[0].id
    codes = ["KE", "PE", "FR", "JP", "", "IN"]
    authors = [person(f"author{n}", code, "government" if n % 2 else "") for n, code in enumerate(codes)]

    def add(count):
        for n in range(count):
            add_comment((first, second)[n % 2], authors[n % 6], f"Comment {n}", question_id=practice if n % 3 else "")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            figures_of(dialogue)
        return len(captured)

    add(6)
    queries()  # warm the content type and locale caches
    few = queries()
    add(60)
    assert queries() == few


@pytest.fixture
def moderator_client(client):
    moderator = make_member("mona", groups=[DISCUSSION_MODERATORS_GROUP])
    client.force_login(moderator)
    return client


def test_the_admin_page_charts_the_figures_without_scripts(dialogue, moderator_client):
    first, _second = weeks_of(dialogue)
    add_comment(first, person("ana", "KE", "grassroots"), "Hello")
    add_comment(first, person("ben", "FR"), "Bonjour", language="fr")

    response = moderator_client.get(reverse("dialogue_moderation:dialogue", args=[dialogue.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-figure="global-south">50% (1 of the 2 participants who gave their country)</dd>' in html
    assert '<dd data-figure="new-members">0</dd>' in html
    for chart in ("weeks", "regions", "countries", "organisation-kinds", "languages"):
        assert f'data-chart="{chart}"' in html
    assert "Sub-Saharan Africa" in html and "Grassroots women’s organisation" in html
    assert '<rect width="50" height="12" fill="currentColor"/>' in html, "Africa: half the participants"
    main = html[html.index("<main") :]
    assert "<script" not in main.split("</main>")[0], "the charts need no script"


def test_the_json_export_has_the_same_figures(dialogue, moderator_client):
    first, _second = weeks_of(dialogue)
    add_comment(first, person("ana", "KE", "grassroots"), "Hello")

    response = moderator_client.get(reverse("dialogue_moderation:export", args=[dialogue.pk, "json"]))

    participation = json.loads(response.content)["participation"]
    assert participation["global_south"] == {"members": 1, "with_country": 1, "share": 100}
    assert participation["regions"][0]["name"] == "Africa"
    assert participation["organisation_kinds"] == [
        {"kind": "grassroots", "name": "Grassroots women’s organisation", "participants": 1}
    ]
    assert participation["weeks"][0]["questions"][0]["participants"] == 0


def test_members_and_editors_may_not_see_the_figures(dialogue, client):
    url = reverse("dialogue_moderation:dialogue", args=[dialogue.pk])
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    missing = client.get(reverse("dialogue_moderation:dialogue", args=[999999]), follow=True)
    assert missing.status_code == 404
    client.force_login(make_member("eddie", groups=["Editors"]))
    assert client.get(url).status_code in (302, 403)
