"""Staff plan a new dialogue from an earlier one, and follow its checklist, in the admin."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Page

from dialogue_pages.models import (
    DialogueModerator,
    DialoguePage,
    DialogueReportPage,
    WebinarPage,
    WeeklyQuestionPage,
)
from dialogue_pages.planning.checklist import checklist
from dialogue_pages.planning.copying import DialoguePlan, copy_dialogue, shift_moment

from .factories import (
    DialoguePageFactory,
    DialogueReportPageFactory,
    LocaleFactory,
    PersonFactory,
    WebinarPageFactory,
    WeeklyQuestionPageFactory,
    add_comment,
    add_panellist,
    add_time_zone,
    make_member,
    make_page_editor,
)

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def earlier(dialogue_index):
    """The 7th dialogue as in the concept note: three weeks from 29 August 2016, a webinar on
    6 September at 09:00 in New York (EDT), a report, all published."""
    dialogue = DialoguePageFactory(
        parent=dialogue_index,
        title="Compendium of Good Practices",
        slug="compendium",
        number=7,
        start_at=datetime(2016, 8, 29, tzinfo=UTC),
        end_at=datetime(2016, 9, 17, tzinfo=UTC),
    )
    DialogueModerator.objects.create(page=dialogue, person=PersonFactory(name="Moderator One"))
    for number in (1, 2, 3):
        WeeklyQuestionPageFactory(
            parent=dialogue,
            title=f"Week {number}",
            slug=f"week-{number}",
            week_number=number,
            opens_at=datetime(2016, 8, 29, tzinfo=UTC) + timedelta(weeks=number - 1),
            closes_at=datetime(2016, 9, 3, tzinfo=UTC) + timedelta(weeks=number - 1),
            questions=[("question", {"question": f"Question of week {number}?", "note": ""})],
        )
    webinar = WebinarPageFactory(
        parent=dialogue,
        title="Webinar in English",
        slug="webinar-english",
        starts_at=datetime(2016, 9, 6, 13, 0, tzinfo=UTC),  # 09:00 EDT
        join_url="https://meet.example.org/old-join-link",
        recording_url="https://www.youtube.com/watch?v=abcdefghijk",
        transcript="[00:00:01] Old words",
    )
    add_time_zone(webinar, "America/New_York")
    add_time_zone(webinar, "Europe/Paris")
    add_panellist(webinar, PersonFactory(name="Old Panellist"))
    DialogueReportPageFactory(parent=dialogue, title="Synthesis report", summary="What members said in 2016.")
    return dialogue


@pytest.fixture
def staff(db):
    """Wagtail's Editors group: may add and edit pages (and submit them for approval)."""
    user = make_member("editor-ella")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def plan(earlier, start, **fields):
    return DialoguePlan(
        source=earlier,
        start_date=start,
        title=fields.get("title", "Next topic"),
        slug=fields.get("slug", "virtual-dialogue-8"),
        number=fields.get("number", 8),
    )


def children(dialogue, model):
    return list(model.objects.child_of(dialogue).order_by("path"))


# Shifting dates


def test_a_shift_keeps_the_wall_clock_time_across_a_change_of_summer_time():
    nine_edt = datetime(2016, 9, 6, 13, 0, tzinfo=UTC)

    winter = shift_moment(nine_edt, 100, NEW_YORK)  # 15 December: EST, UTC-5

    assert winter == datetime(2016, 12, 15, 14, 0, tzinfo=UTC)
    assert winter.astimezone(NEW_YORK).hour == 9
    back = shift_moment(winter, -100, NEW_YORK)
    assert back == nine_edt


def test_a_shift_to_a_day_in_the_skipped_hour_does_not_fail():
    half_past_two = datetime(2027, 3, 7, 7, 30, tzinfo=UTC)  # 02:30 EST, the week before clocks go forward

    shifted = shift_moment(half_past_two, 7, NEW_YORK)  # 02:30 does not exist on 14 March 2027

    assert shifted.tzinfo is not None
    assert abs(shifted - (half_past_two + timedelta(days=7))) <= timedelta(hours=1)


# Copying


def test_a_new_dialogue_copies_the_structure_as_drafts_with_every_date_moved(earlier, staff):
    start = date(2026, 12, 7)

    dialogue = copy_dialogue(plan(earlier, start), staff)

    assert isinstance(dialogue, DialoguePage)
    assert dialogue.get_parent().pk == earlier.get_parent().pk
    assert (dialogue.title, dialogue.slug, dialogue.number, dialogue.live) == (
        "Next topic",
        "virtual-dialogue-8",
        8,
        False,
    )
    assert (dialogue.start_at, dialogue.end_at) == (
        datetime(2026, 12, 7, tzinfo=UTC),
        datetime(2026, 12, 26, tzinfo=UTC),
    )
    assert [moderator.person.name for moderator in dialogue.moderators.all()] == ["Moderator One"]
    weeks = children(dialogue, WeeklyQuestionPage)
    assert [(week.week_number, week.opens_at.date(), week.closes_at.date(), week.live) for week in weeks] == [
        (1, date(2026, 12, 7), date(2026, 12, 12), False),
        (2, date(2026, 12, 14), date(2026, 12, 19), False),
        (3, date(2026, 12, 21), date(2026, 12, 26), False),
    ]
    assert [week.question_texts for week in weeks] == [[f"Question of week {n}?"] for n in (1, 2, 3)]
    (report,) = children(dialogue, DialogueReportPage)
    assert (report.title, report.summary, report.live) == ("Synthesis report", "", False)
    # The earlier dialogue is untouched.
    earlier.refresh_from_db()
    assert earlier.live and earlier.start_at == datetime(2016, 8, 29, tzinfo=UTC)
    assert len(children(earlier, WeeklyQuestionPage)) == 3


def test_a_webinar_keeps_its_local_time_when_the_new_date_is_in_winter(earlier, staff):
    dialogue = copy_dialogue(plan(earlier, date(2026, 12, 7)), staff)

    (webinar,) = children(dialogue, WebinarPage)

    # 6 September 2016 was the 9th day of the dialogue: 15 December 2026, still 09:00 in New York,
    # now EST (UTC-5) rather than EDT, so an hour later in UTC; Paris reads 15:00 CET.
    assert webinar.starts_at == datetime(2026, 12, 15, 14, 0, tzinfo=UTC)
    local = webinar.starts_at.astimezone(NEW_YORK)
    assert (local.hour, local.minute, local.tzname()) == (9, 0, "EST")
    assert webinar.starts_at.astimezone(PARIS).strftime("%H:%M %Z") == "15:00 CET"
    assert [zone.time_zone for zone in webinar.time_zones.all()] == ["America/New_York", "Europe/Paris"]


def test_a_webinar_moved_into_summer_time_keeps_its_local_time_too(earlier, staff):
    earlier.start_at = datetime(2016, 1, 4, tzinfo=UTC)
    earlier.end_at = datetime(2016, 1, 23, tzinfo=UTC)
    earlier.save()
    webinar = children(earlier, WebinarPage)[0]
    webinar.starts_at = datetime(2016, 1, 12, 14, 0, tzinfo=UTC)  # 09:00 EST
    webinar.save()

    dialogue = copy_dialogue(plan(earlier, date(2027, 3, 8)), staff)  # clocks go forward on 14 March 2027

    (copy,) = children(dialogue, WebinarPage)
    assert copy.starts_at == datetime(2027, 3, 16, 13, 0, tzinfo=UTC)
    assert copy.starts_at.astimezone(NEW_YORK).strftime("%H:%M %Z") == "09:00 EDT"


def test_what_belonged_to_the_earlier_event_is_not_copied(earlier, staff):
    member = make_member("amina")
    add_comment(children(earlier, WeeklyQuestionPage)[0], member, "An old comment")

    dialogue = copy_dialogue(plan(earlier, date(2026, 12, 7)), staff)

    (webinar,) = children(dialogue, WebinarPage)
    assert (webinar.join_url, webinar.recording_url, webinar.transcript) == ("", "", "")
    assert webinar.panellists.count() == 0
    assert children(earlier, WebinarPage)[0].panellists.count() == 1, "the earlier webinar keeps its panel"
    week = children(dialogue, WeeklyQuestionPage)[0]
    assert week.translation_key != children(earlier, WeeklyQuestionPage)[0].translation_key
    from dialogue_pages.models import DialogueComment

    assert not DialogueComment.objects.filter(object_pk=str(week.pk)).exists()


def test_the_copy_is_recorded_in_each_pages_history_as_the_editor(earlier, staff):
    dialogue = copy_dialogue(plan(earlier, date(2026, 12, 7)), staff)

    for page in [dialogue, *dialogue.get_children()]:
        revision = page.latest_revision
        assert revision is not None and revision.user == staff


def test_the_earlier_dialogues_languages_follow_as_drafts_to_translate(earlier, staff):
    spanish = LocaleFactory(language_code="es")
    earlier.copy_for_translation(spanish, copy_parents=True).save_revision().publish()

    dialogue = copy_dialogue(plan(earlier, date(2026, 12, 7)), staff)

    spanish_dialogue = dialogue.get_translation_or_none(spanish)
    assert spanish_dialogue is not None
    assert not spanish_dialogue.live and not spanish_dialogue.alias_of_id
    spanish_weeks = WeeklyQuestionPage.objects.filter(
        locale=spanish, translation_key__in=[week.translation_key for week in children(dialogue, WeeklyQuestionPage)]
    )
    assert spanish_weeks.count() == 3
    assert not spanish_weeks.filter(live=True).exists()
    assert spanish_weeks.order_by("week_number").first().opens_at == datetime(2026, 12, 7, tzinfo=UTC)
    french = LocaleFactory(language_code="fr")
    assert dialogue.get_translation_or_none(french) is None, "only the languages the earlier one had"


# The form


def refused(response):
    """403, or Wagtail's way of refusing an admin page: back to the admin's home (or the login)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and (
        "/login/" in response["Location"] or response["Location"].rstrip("/").endswith("/admin")
    )


def new_url(dialogue):
    return reverse("dialogue_planning:new_dialogue", args=[dialogue.pk])


def test_staff_plan_a_new_dialogue_with_the_form(earlier, staff, client):
    client.force_login(staff)
    page = client.get(new_url(earlier))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="start_date"' in html and 'value="8"' in html, "the next number is proposed"

    start = date.today() + timedelta(days=40)
    response = client.post(new_url(earlier), {"start_date": start.isoformat(), "title": "Next topic", "number": 8})

    dialogue = DialoguePage.objects.get(slug="virtual-dialogue-8")
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogue_planning:checklist", args=[dialogue.pk])
    assert dialogue.start_at.date() == start and not dialogue.live


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"title": "T", "number": 8}, "start_date", "This field is required."),
        ({"start_date": "2026-13-45", "title": "T", "number": 8}, "start_date", "Enter a valid date."),
        ({"start_date": "2016-01-01", "title": "T", "number": 8}, "start_date", "Choose a day after today"),
        ({"start_date": "2099-01-01", "title": "T", "number": 8}, "start_date", "within the next 5 years"),
        ({"start_date": "{soon}", "title": "", "number": 8}, "title", "This field is required."),
        ({"start_date": "{soon}", "title": "T", "number": 0}, "number", "greater than or equal to 1"),
        ({"start_date": "{soon}", "title": "T", "number": 8, "slug": "compendium"}, "slug", "already used"),
        ({"start_date": "{soon}", "title": "T", "number": 7}, "number", "already has the number 7"),
        ({"start_date": "{soon}", "title": "T", "number": 8, "slug": "no spaces!"}, "slug", "valid “slug”"),
    ],
)
def test_bad_input_gives_form_errors_and_creates_nothing(earlier, staff, client, data, field, error):
    client.force_login(staff)
    soon = (date.today() + timedelta(days=10)).isoformat()
    data = {key: value.replace("{soon}", soon) if isinstance(value, str) else value for key, value in data.items()}
    pages_before = Page.objects.count()

    response = client.post(new_url(earlier), data)

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors.get(field, []))
    assert Page.objects.count() == pages_before


def test_a_missing_dialogue_is_a_404_and_another_page_type_too(earlier, staff, client):
    client.force_login(staff)
    for page_id in (999999, children(earlier, WeeklyQuestionPage)[0].pk):
        for name in ("new_dialogue", "checklist", "draft_report"):
            response = client.get(reverse(f"dialogue_planning:{name}", args=[page_id]), follow=True)
            assert response.status_code == 404, (name, page_id)


def test_other_methods_are_refused(earlier, staff, client):
    client.force_login(staff)
    assert client.put(new_url(earlier)).status_code == 405
    assert client.post(reverse("dialogue_planning:checklist", args=[earlier.pk])).status_code == 405


def test_members_and_editors_without_the_permission_are_refused(earlier, client):
    pages_before = Page.objects.count()
    data = {"start_date": (date.today() + timedelta(days=10)).isoformat(), "title": "T", "number": 8}

    client.force_login(make_member("amina"))
    assert refused(client.get(new_url(earlier)))
    assert refused(client.post(new_url(earlier), data))

    # May edit the earlier dialogue's pages, but not add pages under the dialogue index.
    client.force_login(make_page_editor(earlier, "limited", "Dialogue 7 editors"))
    assert refused(client.get(new_url(earlier)))
    assert refused(client.post(new_url(earlier), data))
    assert client.get(reverse("dialogue_planning:checklist", args=[earlier.pk])).status_code == 200
    assert Page.objects.count() == pages_before


def test_the_dialogue_page_offers_the_planning_actions_to_those_who_may(earlier, staff, client):
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[earlier.pk])).content.decode()
    for name in ("new_dialogue", "checklist", "draft_report"):
        assert reverse(f"dialogue_planning:{name}", args=[earlier.pk]) in html

    client.force_login(make_page_editor(earlier, "limited", "Dialogue 7 editors"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[earlier.pk])).content.decode()
    assert reverse("dialogue_planning:checklist", args=[earlier.pk]) in html
    assert reverse("dialogue_planning:new_dialogue", args=[earlier.pk]) not in html


# The checklist


def missing(tasks):
    return {task.label: [text for text, _url in task.details] for task in tasks if not task.done}


@override_settings(WAGTAIL_CONTENT_LANGUAGES=[("en", "English"), ("es", "Spanish")])
def test_a_new_dialogues_checklist_lists_what_is_missing(earlier, staff):
    LocaleFactory(language_code="es")
    dialogue = copy_dialogue(plan(earlier, date(2026, 12, 7)), staff)

    todo = missing(checklist(dialogue, now=datetime(2026, 11, 1, tzinfo=UTC)))

    assert todo["Every webinar has its panellists"] == ["Webinar in English has no panellist"]
    assert todo["Every webinar still to come has its join link"] == ["Webinar in English has no join link"]
    assert "Next topic is not published" in todo["Every page is published"]
    assert "Week 1 is not translated into Spanish" in todo["Every page is translated and published in every language"]
    assert "The dialogue has a report page" not in todo
    assert "Every week has its questions" not in todo


def test_the_checklist_page_links_each_fix(earlier, staff, client):
    week = children(earlier, WeeklyQuestionPage)[0]
    week.questions = []
    week.save_revision().publish()
    client.force_login(staff)

    html = client.get(reverse("dialogue_planning:checklist", args=[earlier.pk])).content.decode()

    assert "Week 1 has no question" in html
    assert reverse("wagtailadmin_pages:edit", args=[week.pk]) in html
    assert 'data-task-done="false"' in html


@override_settings(WAGTAIL_CONTENT_LANGUAGES=[("en", "English")])
def test_a_ready_dialogue_has_nothing_missing(earlier):
    webinar = children(earlier, WebinarPage)[0]
    tasks = checklist(earlier, now=datetime(2016, 8, 1, tzinfo=UTC))
    assert all(task.done for task in tasks), missing(tasks)
    webinar.join_url = ""
    webinar.save_revision()  # a draft removing the link counts: the checklist reads the latest draft
    assert missing(checklist(earlier, now=datetime(2016, 8, 1, tzinfo=UTC))) == {
        "Every webinar still to come has its join link": ["Webinar in English has no join link"]
    }


def test_superusers_may_plan(earlier, client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    assert client.get(new_url(earlier)).status_code == 200


def test_what_translators_wrote_for_the_earlier_dialogue_is_offered_again(earlier, staff):
    from wagtail_localize.models import StringSegment, StringTranslation
    from wagtail_localize.operations import TranslationCreator

    spanish = LocaleFactory(language_code="es")
    creator = TranslationCreator(staff, [spanish])
    creator.create_translations(earlier)
    week = children(earlier, WeeklyQuestionPage)[0]
    creator.create_translations(week)
    source, translations = next((s, t) for s, t in creator.mappings.items() if s.object_id == week.translation_key)
    segment = StringSegment.objects.get(source=source, string__data="Question of week 1?")
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=spanish,
        context=segment.context,
        data="¿Pregunta de la semana 1?",
        translation_type="manual",
    )
    translations[0].save_target(publish=True)

    dialogue = copy_dialogue(plan(earlier, date(2026, 12, 7)), staff)

    first, second = children(dialogue, WeeklyQuestionPage)[:2]
    spanish_first = WeeklyQuestionPage.objects.get(translation_key=first.translation_key, locale=spanish)
    assert not spanish_first.live
    assert spanish_first.get_latest_revision_as_object().question_texts == ["¿Pregunta de la semana 1?"]
    assert first.question_texts == ["Question of week 1?"], "the English copy is unchanged"
    spanish_second = WeeklyQuestionPage.objects.get(translation_key=second.translation_key, locale=spanish)
    assert spanish_second.get_latest_revision_as_object().question_texts == ["Question of week 2?"], (
        "left to translate"
    )
