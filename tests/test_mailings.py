"""Emails to members: their choices, one-click unsubscribe, announcements, reminders and the digest.

Every email is checked as a member receives it (``mail.outbox``): who gets it, in which
language, with which links and headers, and never twice. Time-driven emails are sent by calling
the scheduled functions with an explicit ``now`` (the cron command passes the real clock).
"""

import re
import smtplib
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from mailings import announcements, scheduled
from mailings.models import Announcement, Delivery, EmailKind, EmailPreferences
from mailings.tokens import SALT, unsubscribe_token

from .factories import (
    LocaleFactory,
    WebinarPageFactory,
    WeeklyQuestionPageFactory,
    add_comment,
    add_time_zone,
    make_member,
    make_week,
)
from .test_admin_permissions import refused

SENDERS_GROUP = "Announcement senders"  # made by mailings' migration with the permission


def speaking(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def to(user):
    """The emails sent to ``user``."""
    return [message for message in mail.outbox if user.email in message.to]


def unsubscribe_path(message):
    """The path of the unsubscribe link in ``message``'s List-Unsubscribe header."""
    url = re.fullmatch(r"<(https?://[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def dialogue(week):
    return week.get_parent().specific


@pytest.fixture
def announcer(db):
    """Communications staff: they edit pages (Wagtail's Editors) and send announcements."""
    return make_member("comms", groups=["Editors", SENDERS_GROUP])


def write_announcement(dialogue, announcer, **texts):
    texts = texts or {"en": {"subject": "The 8th dialogue opens", "body": "Join us on Monday."}}
    return Announcement.objects.create(dialogue=dialogue, created_by=announcer, texts=texts)


# Preferences ---------------------------------------------------------------------------------


def test_a_member_chooses_their_emails_and_the_next_announcement_follows_the_choice(client, dialogue, announcer):
    member = make_member("amina")
    other = make_member("bruno")
    client.force_login(member)

    page = client.get(reverse("mailings:preferences"))
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("announcements", "week_opening", "digest", "webinar_reminders"):
        assert f'name="{field}"' in html and "checked" in html
    response = client.post(reverse("mailings:preferences"), {"week_opening": "on", "digest": "on"})
    assert response.status_code == 302

    preferences = EmailPreferences.objects.get(user=member)
    assert (preferences.announcements, preferences.week_opening, preferences.webinar_reminders) == (
        False,
        True,
        False,
    )
    announcement = write_announcement(dialogue, announcer)
    announcements.start_sending(announcement, announcer)
    assert to(member) == []
    assert len(to(other)) == 1


def test_the_profile_page_links_to_the_email_choices(client, db):
    client.force_login(make_member("amina"))
    html = client.get(reverse("members:profile")).content.decode()
    assert f'href="{reverse("mailings:preferences")}"' in html


def test_the_preferences_page_asks_visitors_to_sign_in(client, db):
    response = client.get(reverse("mailings:preferences"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unconfirmed_and_inactive_accounts_get_nothing(dialogue, announcer):
    unconfirmed = make_member("newcomer", confirmed=False)
    inactive = make_member("gone")
    inactive.is_active = False
    inactive.save()
    confirmed = make_member("amina")
    announcements.start_sending(write_announcement(dialogue, announcer), announcer)
    assert to(unconfirmed) == [] and to(inactive) == []
    assert len(to(confirmed)) == 1


# Unsubscribe ---------------------------------------------------------------------------------


def test_every_email_carries_the_one_click_unsubscribe_headers(dialogue, announcer):
    member = make_member("amina")
    announcements.start_sending(write_announcement(dialogue, announcer), announcer)
    [message] = to(member)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(message)
    assert path.startswith("/en/emails/unsubscribe/")
    assert path in message.body  # the same link in the text


def test_unsubscribing_asks_to_confirm_on_get_and_unsubscribes_on_post(dialogue, announcer):
    member = make_member("amina")
    announcements.start_sending(write_announcement(dialogue, announcer), announcer)
    path = unsubscribe_path(to(member)[0])
    client = Client(enforce_csrf_checks=True)

    confirm = client.get(path)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    assert str(EmailKind.ANNOUNCEMENTS.label) in confirm.content.decode()
    assert not EmailPreferences.objects.filter(user=member).exists(), "a link scanner's GET changes nothing"

    done = client.post(path)
    assert done.status_code == 200
    assert EmailPreferences.objects.get(user=member).announcements is False
    # …and at once: the next announcement does not reach them.
    mail.outbox.clear()
    announcements.start_sending(write_announcement(dialogue, announcer), announcer)
    assert to(member) == []


def test_a_mail_programs_one_click_post_unsubscribes_without_a_session_or_csrf_token(dialogue, announcer):
    member = make_member("amina")
    announcements.start_sending(write_announcement(dialogue, announcer), announcer)
    path = unsubscribe_path(to(member)[0])

    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    preferences = EmailPreferences.objects.get(user=member)
    assert preferences.announcements is False
    assert preferences.digest and preferences.week_opening and preferences.webinar_reminders, "only that kind"


@pytest.mark.parametrize(
    "forge",
    [
        "garbage",
        "tampered",
        "another_salt",
        "unknown_kind",
        "not_a_list",
        "deleted_account",
    ],
)
def test_a_bad_unsubscribe_link_gets_a_clear_400_page(client, db, forge):
    member = make_member("amina")
    good = unsubscribe_token(member, EmailKind.DIGEST)
    token = {
        "garbage": "not-a-token",
        "tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "another_salt": signing.dumps([member.pk, "digest"]),
        "unknown_kind": signing.dumps([member.pk, "everything"], salt=SALT),
        "not_a_list": signing.dumps(member.pk, salt=SALT),
        "deleted_account": good,
    }[forge]
    if forge == "deleted_account":
        member.delete()

    for method in (client.get, client.post):
        response = method(reverse("mailings:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.content.decode()
    assert not EmailPreferences.objects.filter(digest=False).exists()


def test_other_methods_on_an_unsubscribe_link_are_refused_not_crashed(client, db):
    token = unsubscribe_token(make_member("amina"), EmailKind.DIGEST)
    response = client.put(reverse("mailings:unsubscribe", args=[token]))
    assert response.status_code == 405
    assert not EmailPreferences.objects.exists()


# Announcements: batches, interruption, resumption ----------------------------------------------


class FailingAfterBackend(EmailBackend):
    """The locmem backend, refusing every message after the first ``allowed`` (like a mail server going down)."""

    allowed = None

    def send_messages(self, messages):
        if FailingAfterBackend.allowed is not None:
            if FailingAfterBackend.allowed <= 0:
                raise smtplib.SMTPServerDisconnected("the mail server went away")
            FailingAfterBackend.allowed -= 1
        return super().send_messages(messages)


def test_an_announcement_interrupted_mid_way_and_resumed_reaches_each_member_exactly_once(
    dialogue, announcer, settings
):
    members = [make_member(f"member{number}") for number in range(7)]
    everyone = [*members, announcer]  # the sender is a confirmed member too
    settings.MAILINGS_BATCH_SIZE = 3
    settings.EMAIL_BACKEND = "tests.test_mailings.FailingAfterBackend"
    FailingAfterBackend.allowed = 4  # the second batch fails on its second email
    announcement = write_announcement(dialogue, announcer)
    try:
        announcements.start_sending(announcement, announcer)
    finally:
        FailingAfterBackend.allowed = None

    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.SENDING, "interrupted: still sending"
    assert len(mail.outbox) == 4
    assert Delivery.objects.filter(announcement=announcement, status=Delivery.Status.SENT).count() == 4
    assert not Delivery.objects.filter(announcement=announcement, status=Delivery.Status.CLAIMED).exists(), (
        "the refused email's claim is withdrawn"
    )
    assert announcements.progress(announcement) | {"percent": 0} == {
        "sent": 4,
        "unconfirmed": 0,
        "remaining": len(everyone) - 4,
        "total": len(everyone),
        "percent": 0,
    }

    assert announcements.resume(announcement)
    announcements.resume(announcement)  # a second click, or a second worker: nothing more

    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.SENT and announcement.finished_at
    assert sorted(message.to[0] for message in mail.outbox) == sorted(member.email for member in everyone)
    assert announcements.send_batch(announcement.pk) == 0


def test_send_due_emails_resumes_a_stalled_announcement(dialogue, announcer, settings):
    members = [make_member(f"member{number}") for number in range(3)]
    announcement = write_announcement(dialogue, announcer)
    # As if its first task had died: sending started long ago and nothing was delivered.
    Announcement.objects.filter(pk=announcement.pk).update(
        status=Announcement.Status.SENDING, send_started_at=timezone.now() - timedelta(hours=1)
    )

    call_command("send_due_emails", verbosity=0)

    for member in members:
        assert len(to(member)) == 1
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.SENT


def test_an_announcement_is_started_once_however_often_send_is_pressed(dialogue, announcer):
    member = make_member("amina")
    announcement = write_announcement(dialogue, announcer)
    assert announcements.start_sending(announcement, announcer)
    assert not announcements.start_sending(announcement, announcer)
    assert len(to(member)) == 1


# Announcements in the admin --------------------------------------------------------------------


def test_staff_write_preview_test_and_send_an_announcement_from_the_dialogues_page(client, dialogue, announcer):
    member = make_member("amina")
    client.force_login(announcer)

    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[dialogue.pk])).content.decode()
    list_url = reverse("mailings_admin:list", args=[dialogue.pk])
    assert list_url in edit_page, "the dialogue's page in the admin offers the announcement"
    assert client.get(list_url).status_code == 200

    new_url = reverse("mailings_admin:new", args=[dialogue.pk])
    assert client.get(new_url).status_code == 200
    response = client.post(
        new_url,
        {
            "subject_en": "The dialogue opens on Monday",
            "body_en": "Join the discussion.",
            "subject_es": "El diálogo comienza el lunes",
            "body_es": "Participe en el debate.",
        },
    )
    announcement = Announcement.objects.get(dialogue=dialogue)
    detail_url = reverse("mailings_admin:detail", args=[announcement.pk])
    assert response.status_code == 302 and response["Location"] == detail_url

    preview = client.get(detail_url).content.decode()
    assert "The dialogue opens on Monday" in preview and "El diálogo comienza el lunes" in preview
    assert "Participe en el debate." in preview
    assert mail.outbox == [], "previewing sends nothing"

    client.post(reverse("mailings_admin:test", args=[announcement.pk]))
    assert sorted(message.subject for message in mail.outbox) == [
        "El diálogo comienza el lunes",
        "The dialogue opens on Monday",
    ]
    assert {message.to[0] for message in mail.outbox} == {announcer.email}
    assert not Delivery.objects.exists(), "a test is not a delivery"
    mail.outbox.clear()

    refused = client.post(reverse("mailings_admin:send", args=[announcement.pk]))  # the box not ticked
    assert refused.status_code == 302 and mail.outbox == []
    client.post(reverse("mailings_admin:send", args=[announcement.pk]), {"confirm": "1"})

    assert len(to(member)) == 1 and len(to(announcer)) == 1
    progress = client.get(detail_url).content.decode()
    assert "Sent to 2 of 2 members (100%)." in progress
    # A sent announcement can no longer be changed.
    client.post(reverse("mailings_admin:edit", args=[announcement.pk]), {"subject_en": "Changed", "body_en": "x"})
    announcement.refresh_from_db()
    assert announcement.texts["en"]["subject"] == "The dialogue opens on Monday"


def test_an_announcement_needs_both_subject_and_text_in_each_language_it_writes(client, dialogue, announcer):
    client.force_login(announcer)
    response = client.post(
        reverse("mailings_admin:new", args=[dialogue.pk]),
        {"subject_en": "Subject", "body_en": "Text", "subject_fr": "Sujet sans texte"},
    )
    assert response.status_code == 200
    assert "Write both the subject and the text, or neither." in response.content.decode()
    assert not Announcement.objects.exists()


def test_an_unpublished_dialogue_cannot_be_announced(client, dialogue, announcer):
    member = make_member("amina")
    dialogue.unpublish()
    announcement = write_announcement(dialogue, announcer)
    client.force_login(announcer)

    client.post(reverse("mailings_admin:send", args=[announcement.pk]), {"confirm": "1"})

    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.DRAFT
    assert to(member) == []


def test_missing_objects_in_the_announcement_admin_are_404(client, dialogue, announcer, home):
    client.force_login(announcer)
    # (Django's LocaleMiddleware first redirects an unprefixed 404 to /en/…, which is a 404 too.)
    assert client.get(reverse("mailings_admin:detail", args=[999999]), follow=True).status_code == 404
    assert client.post(reverse("mailings_admin:send", args=[999999]), {"confirm": "1"}, follow=True).status_code == 404
    assert client.get(reverse("mailings_admin:new", args=[home.pk]), follow=True).status_code == 404, "not a dialogue"
    announcement = write_announcement(dialogue, announcer)
    assert client.get(reverse("mailings_admin:send", args=[announcement.pk])).status_code == 405


@pytest.fixture
def page_editor(db):
    return make_member("page-editor", groups=["Editors"])


def test_staff_without_the_permission_can_neither_see_nor_send_announcements(client, dialogue, announcer, page_editor):
    member = make_member("amina")
    announcement = write_announcement(dialogue, announcer)
    client.force_login(page_editor)

    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[dialogue.pk]))
    assert edit_page.status_code == 200, "the editor may edit the page…"
    assert reverse("mailings_admin:list", args=[dialogue.pk]) not in edit_page.content.decode(), "…not announce"
    for url in (
        reverse("mailings_admin:list", args=[dialogue.pk]),
        reverse("mailings_admin:new", args=[dialogue.pk]),
        reverse("mailings_admin:detail", args=[announcement.pk]),
        reverse("mailings_admin:edit", args=[announcement.pk]),
    ):
        response = client.get(url)
        assert refused(response), url  # Wagtail answers PermissionDenied with its "no permission" redirect
        assert "The 8th dialogue opens" not in response.content.decode()
    for name in ("test", "send", "resume"):
        response = client.post(reverse(f"mailings_admin:{name}", args=[announcement.pk]), {"confirm": "1"})
        assert refused(response), name
    response = client.post(reverse("mailings_admin:new", args=[dialogue.pk]), {"subject_en": "x", "body_en": "y"})
    assert refused(response)
    assert Announcement.objects.count() == 1
    assert mail.outbox == [] and to(member) == []


def test_the_permission_not_a_group_name_grants_the_role(client, dialogue, page_editor):
    permission = Permission.objects.get(content_type__app_label="mailings", codename="send_announcement")
    group = Group.objects.get(name="Editors")
    client.force_login(page_editor)
    assert refused(client.get(reverse("mailings_admin:list", args=[dialogue.pk])))
    group.permissions.add(permission)
    assert client.get(reverse("mailings_admin:list", args=[dialogue.pk])).status_code == 200


# In the member's language ---------------------------------------------------------------------


def test_each_member_reads_the_announcement_in_their_language_with_links_under_its_prefix(dialogue, announcer):
    spanish_dialogue = dialogue.copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    spanish_dialogue.title = "Tema del diálogo"
    spanish_dialogue.save_revision().publish()
    lucia = speaking(make_member("lucia"), "es")
    amelie = speaking(make_member("amelie"), "fr")
    liam = make_member("liam")
    announcement = write_announcement(
        dialogue,
        announcer,
        en={"subject": "Join the dialogue", "body": "It opens on Monday."},
        es={"subject": "Participe en el diálogo", "body": "Comienza el lunes."},
    )

    announcements.start_sending(announcement, announcer)

    [spanish], [french], [english] = to(lucia), to(amelie), to(liam)
    assert spanish.subject == "Participe en el diálogo" and "Comienza el lunes." in spanish.body
    assert "Tema del diálogo" in spanish.body, "the dialogue's Spanish title"
    assert re.search(r"https?://[^/\s]+/es/[^\s]+", spanish.body)
    assert "/en/" not in spanish.body and "/fr/" not in spanish.body
    assert unsubscribe_path(spanish).startswith("/es/emails/unsubscribe/")
    assert spanish.extra_headers["Content-Language"] == "es"
    # No French text: the English one, but every link under /fr/ (the page shown under the French prefix).
    assert french.subject == "Join the dialogue"
    assert f"/fr/{dialogue.url.split('/', 2)[2]}" in french.body
    assert unsubscribe_path(french).startswith("/fr/emails/unsubscribe/")
    assert "/es/" not in french.body and "/en/" not in french.body
    assert english.subject == "Join the dialogue" and "/en/" in english.body


# A week opens ----------------------------------------------------------------------------------


def test_members_hear_once_that_a_week_has_opened_in_their_language(dialogue_index):
    week = make_week(dialogue_index, opens_in_days=0)  # opened just now
    WeeklyQuestionPageFactory(  # opened long ago: no email about it now
        parent=week.get_parent(),
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=2),
    )
    spanish_week = week.copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    spanish_week.title = "Semana 1"
    spanish_week.save_revision().publish()
    lucia = speaking(make_member("lucia"), "es")
    liam = make_member("liam")
    quiet = make_member("quiet")
    EmailPreferences.objects.create(user=quiet, week_opening=False)

    call_command("send_due_emails", verbosity=0)
    call_command("send_due_emails", verbosity=0)  # cron runs again: nobody hears twice

    [spanish], [english] = to(lucia), to(liam)
    assert to(quiet) == []
    assert "Semana 1" in spanish.subject and "Semana 1" in spanish.body
    assert spanish.body.startswith(f"Hola, Miembro {lucia.pk}")
    assert re.search(r"https?://[^/\s]+/es/[^\s]*semana|/es/", spanish.body)
    assert spanish_week.url in spanish.body
    assert week.title in english.subject and week.url in english.body
    assert "What are the criteria?" in english.body, "the week's questions"
    assert unsubscribe_path(english).startswith("/en/emails/unsubscribe/")


def test_a_weeks_opening_is_not_announced_for_a_draft_restricted_or_unreachable_week(dialogue_index):
    draft = make_week(dialogue_index, opens_in_days=0)
    draft.unpublish()
    restricted = make_week(dialogue_index, opens_in_days=0)
    PageViewRestriction.objects.create(page=restricted.get_parent(), restriction_type="password", password="x")
    orphan = make_week(dialogue_index, opens_in_days=0)  # live, but its dialogue is not
    Page.objects.filter(pk=orphan.get_parent().pk).update(live=False)
    make_member("liam")
    for week in (draft, restricted, orphan):
        assert scheduled.send_week_opening(week.pk) == 0
    call_command("send_due_emails", verbosity=0)
    assert mail.outbox == []
    reachable = make_week(dialogue_index, opens_in_days=0)  # the control: a reachable week is announced
    assert scheduled.send_week_opening(reachable.pk) == 1


# A webinar is near -----------------------------------------------------------------------------


def test_members_are_reminded_of_a_webinar_with_its_calendar_file_but_never_its_join_link(dialogue):
    webinar = WebinarPageFactory(
        parent=dialogue,
        title="Webinar on training",
        starts_at=timezone.now() + timedelta(hours=5),
        join_url="https://meet.example.org/members-only-join-x7q",
    )
    add_time_zone(webinar, "America/New_York")
    liam = make_member("liam")
    amelie = speaking(make_member("amelie"), "fr")
    quiet = make_member("quiet")
    EmailPreferences.objects.create(user=quiet, webinar_reminders=False)

    call_command("send_due_emails", verbosity=0)
    call_command("send_due_emails", verbosity=0)

    [english], [french] = to(liam), to(amelie)
    assert to(quiet) == []
    assert "Webinar on training" in english.subject
    assert "(New York)" in english.body
    [(filename, content, mimetype)] = english.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and "Webinar on training" in content
    for message in (english, french):
        assert "members-only-join-x7q" not in message.body
        assert "members-only-join-x7q" not in message.attachments[0][1]
    assert f"/fr/{webinar.url.split('/', 2)[2]}" in french.body
    assert unsubscribe_path(french).startswith("/fr/")


def test_no_reminder_for_a_webinar_far_away_or_past(dialogue):
    WebinarPageFactory(parent=dialogue, starts_at=timezone.now() + timedelta(days=3))
    WebinarPageFactory(parent=dialogue, starts_at=timezone.now() - timedelta(hours=1))
    make_member("liam")
    call_command("send_due_emails", verbosity=0)
    assert [message for message in mail.outbox if message.attachments] == []


# The weekly digest -----------------------------------------------------------------------------


def test_the_digest_lists_only_visible_comments_of_others_in_followed_dialogues(week, dialogue_index):
    follower = make_member("follower")
    writer = make_member("writer")
    outsider = make_member("outsider")
    add_comment(week, follower, "My own words are not news to me")
    add_comment(week, writer, "A published reply zz1")
    add_comment(week, writer, "Awaiting approval zz2", is_public=False)
    add_comment(week, writer, "Hidden by a moderator zz3", is_removed=True)
    other_week = make_week(dialogue_index)  # a dialogue the follower never wrote in
    add_comment(other_week, outsider, "In another dialogue zz4")

    scheduled.send_digests(timezone.now() + timedelta(minutes=1))

    [digest] = to(follower)
    assert "A published reply zz1" in digest.body
    for absent in ("zz2", "zz3", "zz4", "My own words"):
        assert absent not in digest.body
    assert re.search(r"/en/discussion/comment/\d+/#c\d+", digest.body)
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribing_from_the_digest_stops_the_next_one(client, week):
    follower = make_member("follower")
    other_follower = make_member("other-follower")
    writer = make_member("writer")
    add_comment(week, follower, "I take part")
    add_comment(week, other_follower, "I take part too")
    add_comment(week, writer, "First news")
    now = timezone.now() + timedelta(minutes=1)
    scheduled.send_digests(now)
    scheduled.send_digests(now + timedelta(hours=1))  # the same week again: nothing more
    [digest] = to(follower)
    assert "First news" in digest.body

    assert client.post(unsubscribe_path(digest)).status_code == 200
    second = add_comment(week, writer, "Second news")
    second.submit_date = now + timedelta(days=1)
    second.save()
    mail.outbox.clear()
    scheduled.send_digests(now + timedelta(days=7))

    assert to(follower) == []
    [still_following] = to(other_follower)
    assert "Second news" in still_following.body


def test_the_next_digest_starts_where_the_previous_one_ended(week):
    follower = make_member("follower")
    writer = make_member("writer")
    add_comment(week, follower, "I take part")
    add_comment(week, writer, "Old news")
    now = timezone.now() + timedelta(minutes=1)
    scheduled.send_digests(now)
    mail.outbox.clear()
    later = add_comment(week, writer, "New news")
    later.submit_date = now + timedelta(days=2)
    later.save()

    scheduled.send_digests(now + timedelta(days=7))

    [digest] = to(follower)
    assert "New news" in digest.body and "Old news" not in digest.body


def test_no_digest_when_nothing_new_was_said_and_none_for_a_restricted_dialogue(week):
    follower = make_member("follower")
    writer = make_member("writer")
    add_comment(week, follower, "I take part")
    scheduled.send_digests(timezone.now() + timedelta(minutes=1))
    assert to(follower) == []

    add_comment(week, writer, "Members-only dialogue zz5")
    PageViewRestriction.objects.create(page=week.get_parent(), restriction_type="password", password="x")
    scheduled.send_digests(timezone.now() + timedelta(minutes=2))
    assert "zz5" not in "".join(message.body for message in mail.outbox)


def test_a_spanish_member_reads_the_digest_in_spanish_with_spanish_links(week):
    spanish_week = week.copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    spanish_week.title = "Semana uno"
    spanish_week.save_revision().publish()
    lucia = speaking(make_member("lucia"), "es")
    add_comment(week, lucia, "Participo", language="es")
    add_comment(week, make_member("writer"), "News")

    scheduled.send_digests(timezone.now() + timedelta(minutes=1))

    [digest] = to(lucia)
    assert digest.body.startswith(f"Hola, Miembro {lucia.pk}")
    assert "Semana uno" in digest.body and spanish_week.url in digest.body
    assert re.search(r"/es/discussion/comment/\d+/#c\d+", digest.body)
    assert "/en/" not in digest.body
    assert unsubscribe_path(digest).startswith("/es/emails/unsubscribe/")


def test_a_member_who_turns_a_kind_off_mid_batch_is_skipped_at_once(dialogue, announcer):
    from mailings.emails import deliver_once

    member = make_member("amina")
    announcement = write_announcement(dialogue, announcer)
    chosen = list(announcements.recipients(announcement))  # the batch is chosen…
    assert member in chosen
    EmailPreferences.objects.create(user=member, announcements=False)  # …then the member unsubscribes

    sent = deliver_once(
        member, EmailKind.ANNOUNCEMENTS, str(announcement.pk), lambda m: announcements.compose(announcement, m)
    )

    assert sent is False and to(member) == []
    assert not Delivery.objects.filter(user=member).exists()


def test_a_busy_week_lists_a_few_comments_and_counts_the_rest(week, settings):
    settings.MAILINGS_DIGEST_COMMENTS_PER_WEEK = 2
    follower = make_member("follower")
    writer = make_member("writer")
    add_comment(week, follower, "I take part")
    for number in range(5):
        add_comment(week, writer, f"Comment number {number}")

    scheduled.send_digests(timezone.now() + timedelta(minutes=1))

    [digest] = to(follower)
    assert "(5 new comments)" in digest.body
    assert "Comment number 0" in digest.body and "Comment number 1" in digest.body
    assert "Comment number 2" not in digest.body
    assert "… and 3 more on the week's page." in digest.body


# Following a dialogue --------------------------------------------------------------------------


def test_a_member_follows_a_dialogue_from_its_page_and_gets_its_digest_without_commenting(client, week):
    dialogue = week.get_parent().specific
    reader = make_member("reader")
    add_comment(week, make_member("writer"), "Worth reading zz6")
    client.force_login(reader)

    page = client.get(dialogue.url).content.decode()
    assert "Follow this dialogue" in page
    response = client.post(reverse("mailings:follow", args=[dialogue.pk]), {"follow": "1", "next": dialogue.url})
    assert response.status_code == 302 and response["Location"] == dialogue.url
    assert "Stop following" in client.get(dialogue.url).content.decode()

    scheduled.send_digests(timezone.now() + timedelta(minutes=1))
    [digest] = to(reader)
    assert "Worth reading zz6" in digest.body


def test_stopping_following_a_dialogue_one_commented_in_stops_its_digest(client, week):
    dialogue = week.get_parent().specific
    follower = make_member("follower")
    add_comment(week, follower, "I took part")
    add_comment(week, make_member("writer"), "News")
    client.force_login(follower)
    assert "Stop following" in client.get(dialogue.url).content.decode(), "commenting follows the dialogue"

    client.post(reverse("mailings:follow", args=[dialogue.pk]), {"follow": "0"})

    scheduled.send_digests(timezone.now() + timedelta(minutes=1))
    assert to(follower) == []
    assert "Follow this dialogue" in client.get(dialogue.url).content.decode()


def test_following_from_the_spanish_page_follows_the_one_shared_discussion(client, week):
    dialogue = week.get_parent().specific
    spanish = dialogue.copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    spanish.save_revision().publish()
    reader = speaking(make_member("lucia"), "es")
    add_comment(week, make_member("writer"), "News zz7")
    client.force_login(reader)

    client.post(reverse("mailings:follow", args=[spanish.pk]), {"follow": "1"})

    scheduled.send_digests(timezone.now() + timedelta(minutes=1))
    [digest] = to(reader)
    assert "News zz7" in digest.body and spanish.url in digest.body


def test_the_follow_form_is_for_confirmed_members_only(client, week):
    dialogue = week.get_parent().specific
    url = reverse("mailings:follow", args=[dialogue.pk])
    assert "Follow this dialogue" not in client.get(dialogue.url).content.decode(), "visitors see no form"
    response = client.post(url, {"follow": "1"})
    assert response.status_code == 302 and "/login/" in response["Location"]

    client.force_login(make_member("newcomer", confirmed=False))
    assert "Follow this dialogue" not in client.get(dialogue.url).content.decode()
    assert client.post(url, {"follow": "1"}).status_code == 403

    client.force_login(make_member("amina"))
    assert client.get(url).status_code == 405
    assert client.post(reverse("mailings:follow", args=[week.pk]), {"follow": "1"}).status_code == 404, (
        "not a dialogue"
    )
    outside = client.post(url, {"follow": "1", "next": "https://evil.example.org/"})
    assert outside["Location"] == dialogue.url, "an unsafe next is ignored"
    from mailings.models import DialogueFollow

    assert DialogueFollow.objects.filter(following=True).count() == 1


def test_a_dialogues_translations_share_one_list_of_announcements(client, dialogue, announcer):
    spanish = dialogue.copy_for_translation(LocaleFactory(language_code="es"), copy_parents=True)
    spanish.save_revision().publish()
    client.force_login(announcer)

    client.post(
        reverse("mailings_admin:new", args=[spanish.pk]), {"subject_en": "From the Spanish page", "body_en": "x"}
    )

    assert Announcement.objects.get().dialogue_id == dialogue.pk
    assert "From the Spanish page" in client.get(reverse("mailings_admin:list", args=[dialogue.pk])).content.decode()
    assert "From the Spanish page" in client.get(reverse("mailings_admin:list", args=[spanish.pk])).content.decode()
