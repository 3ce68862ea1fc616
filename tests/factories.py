"""Factories for the site's pages and snippets (wagtail-factories + factory_boy)."""

from datetime import UTC, datetime, timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.models import GroupPagePermission, Locale

from dialogue_pages.models import (
    DialogueComment,
    DialogueIndexPage,
    DialoguePage,
    DialogueReportPage,
    Person,
    WebinarPage,
    WebinarPanellist,
    WebinarTimeZone,
    WeeklyQuestionPage,
)
from home.models import HomePage
from knowledge_products.models import CaseStudyPage, KnowledgeProductIndexPage, KnowledgeProductPage


class LocaleFactory(factory.django.DjangoModelFactory):
    """Get-or-create a locale by language code."""

    language_code = "en"

    class Meta:
        model = Locale
        django_get_or_create = ["language_code"]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = factory.Sequence(lambda n: f"home-{n}")

    class Meta:
        model = HomePage


class DialogueIndexPageFactory(wagtail_factories.PageFactory):
    title = "Virtual Dialogues"
    slug = factory.Sequence(lambda n: f"dialogues-{n}")

    class Meta:
        model = DialogueIndexPage


class DialoguePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dialogue topic {n}")
    slug = factory.Sequence(lambda n: f"dialogue-{n}")
    number = factory.Sequence(lambda n: n + 1)
    start_at = datetime(2016, 8, 29, tzinfo=UTC)
    end_at = datetime(2016, 9, 17, tzinfo=UTC)

    class Meta:
        model = DialoguePage


class WeeklyQuestionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Week {n}")
    slug = factory.Sequence(lambda n: f"week-{n}")
    week_number = 1
    opens_at = datetime(2016, 8, 29, tzinfo=UTC)
    closes_at = datetime(2016, 9, 3, tzinfo=UTC)
    questions = [("question", {"question": "What is a good practice?", "note": ""})]

    class Meta:
        model = WeeklyQuestionPage


class WebinarPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Webinar {n}")
    slug = factory.Sequence(lambda n: f"webinar-{n}")
    starts_at = datetime(2016, 9, 6, 13, 0, tzinfo=UTC)
    duration_minutes = 60
    language = "en"

    class Meta:
        model = WebinarPage


class DialogueReportPageFactory(wagtail_factories.PageFactory):
    title = "Synthesis report"
    slug = factory.Sequence(lambda n: f"report-{n}")
    summary = "What members said."

    class Meta:
        model = DialogueReportPage


class KnowledgeProductIndexPageFactory(wagtail_factories.PageFactory):
    title = "Knowledge products"
    slug = factory.Sequence(lambda n: f"products-{n}")

    class Meta:
        model = KnowledgeProductIndexPage


class KnowledgeProductPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    publisher = "Training Centre"

    class Meta:
        model = KnowledgeProductPage


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Case {n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    organisation = "An organisation"

    class Meta:
        model = CaseStudyPage


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Panellist {n}")
    role = "Program Officer"
    organisation = "An organisation"
    locale = factory.SubFactory(LocaleFactory)

    class Meta:
        model = Person


def add_comment(week, user, text="Hello", language="en", parent=None, **fields):
    """A comment on ``week``'s shared thread, written straight to the database."""
    return DialogueComment.objects.create(
        content_object=week.thread_page,
        site_id=1,
        user=user,
        user_name=user.public_name if user else "",
        user_email=user.email if user else "",
        comment=text,
        language=language,
        parent_id=parent.pk if parent else 0,
        **fields,
    )


def add_panellist(webinar, person=None, role=""):
    """Attach a panellist to ``webinar`` and save it."""
    WebinarPanellist.objects.create(page=webinar, person=person or PersonFactory(), role=role)


def add_time_zone(webinar, zone):
    WebinarTimeZone.objects.create(page=webinar, time_zone=zone)


def hours_from_now(hours):
    return datetime.now(UTC) + timedelta(hours=hours)


def make_member(username, confirmed=True, groups=()):
    """An account with its primary email confirmed (or not), in ``groups`` (e.g. "Moderators")."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw-for-tests-1")
    EmailAddress.objects.create(user=user, email=user.email, verified=confirmed, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def make_page_editor(page, username, group_name):
    """An admin user who may edit ``page`` (and below) only, through the group ``group_name``."""
    group = Group.objects.create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="change_page")
    )
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(group)
    return user


def assert_page_shows(client, url, facts):
    """``url`` renders, and its HTML holds each of ``facts``."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for fact in facts:
        assert fact in html, f"{fact!r} missing from {url}"


def make_week(dialogue_index, opens_in_days=-1, closes_in_days=5, dialogue_ends_in_days=10, **dialogue_fields):
    now = timezone.now()
    dialogue = DialoguePageFactory(
        parent=dialogue_index,
        start_at=now - timedelta(days=20),
        end_at=now + timedelta(days=dialogue_ends_in_days),
        **dialogue_fields,
    )
    return WeeklyQuestionPageFactory(
        parent=dialogue,
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
        questions=[
            ("question", {"question": "What is a good practice?", "note": ""}),
            ("question", {"question": "What are the criteria?", "note": ""}),
        ],
    )
