"""Emails and large exports go through django-tasks: queued in the request, delivered by the worker."""

import json

import pytest
from django_comments.models import CommentFlag
from django_tasks.signals import task_enqueued

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils.translation import gettext_lazy

from dialogue_pages.discussion.exports import export_storage
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP

from .factories import add_comment, make_member, make_week
from .test_discussion import POST_URL, form_data

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def week(dialogue_index):
    return make_week(dialogue_index)


@pytest.fixture
def enqueued():
    """The names of the discussion's tasks enqueued during the test (Wagtail queues its own too)."""
    names = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith("dialogue_pages."):
            names.append(task_result.task.name)

    task_enqueued.connect(record)
    yield names
    task_enqueued.disconnect(record)


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker commits its work
def test_a_report_is_queued_and_the_worker_emails_the_moderators(client, week, settings, enqueued):
    settings.TASKS = DATABASE_TASKS
    make_member("mod", groups=[DISCUSSION_MODERATORS_GROUP])
    comment = add_comment(week, make_member("other"), "Spam spam")
    client.force_login(make_member("amina"))
    response = client.post(f"/en/discussion/comment/{comment.pk}/report/", {"reason": "Advertising"})
    assert response.status_code == 302
    assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).exists()
    assert enqueued == ["email_moderators_about_report"]
    assert mail.outbox == [], "the request does not wait for the mail server"

    run_worker()

    assert [message.to for message in mail.outbox] == [["mod@example.org"]]
    assert "Advertising" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_followers_hear_about_a_reply_through_the_worker(client, week, settings):
    """django-comments-xtd writes the follow-up email; production's email backend queues it for the worker."""
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "cms.mail.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    queued = []
    task_enqueued.connect(record := lambda sender, task_result, **kwargs: queued.append(task_result.task.name))
    follower = make_member("fola")
    top = add_comment(week, follower, "I follow this thread", followup=True)
    client.force_login(make_member("replier"))
    client.post(POST_URL, form_data(week, reply_to=top.pk, text="A reply for you"))
    task_enqueued.disconnect(record)
    assert "deliver_email" in queued
    assert not [m for m in mail.outbox if follower.email in m.to], "the request does not wait for the mail server"

    run_worker()

    followup = [m for m in mail.outbox if follower.email in m.to]
    assert len(followup) == 1
    assert "A reply for you" in followup[0].body


@pytest.mark.django_db
def test_in_development_tasks_run_at_once(client, week, enqueued):
    make_member("mod", groups=[DISCUSSION_MODERATORS_GROUP])
    comment = add_comment(week, make_member("other"), "Spam spam")
    client.force_login(make_member("amina"))
    client.post(f"/en/discussion/comment/{comment.pk}/report/", {"reason": "Advertising"})
    assert enqueued == ["email_moderators_about_report"]
    assert [message.to for message in mail.outbox] == [["mod@example.org"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_discussion_is_exported_by_the_worker(client, week, settings):
    settings.TASKS = DATABASE_TASKS
    settings.DISCUSSION_EXPORT_INLINE_LIMIT = 2
    member = make_member("amina")
    for n in range(3):
        add_comment(week, member, f"Comment {n}")
    dialogue = week.get_parent()
    client.force_login(make_member("mod", groups=[DISCUSSION_MODERATORS_GROUP]))
    url = f"/admin/dialogue-moderation/dialogues/{dialogue.pk}/export/json/"

    asking = client.get(url)
    assert asking.status_code == 200
    assert "3 comments" in asking.content.decode()
    queued = client.post(url)
    assert queued.status_code == 302
    waiting = client.get(queued["Location"])
    assert waiting.status_code == 200
    assert 'http-equiv="refresh"' in waiting.content.decode()

    run_worker()

    download = client.get(queued["Location"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    document = json.loads(b"".join(download.streaming_content))
    assert sorted(c["text"] for c in document["comments"]) == ["Comment 0", "Comment 1", "Comment 2"]
    name = queued["Location"].rstrip("/").rsplit("/", 1)[1]
    export_storage().delete(name)


@pytest.mark.django_db
def test_small_discussions_are_still_exported_in_the_request(client, week):
    add_comment(week, make_member("amina"), "Only one")
    client.force_login(make_member("mod", groups=[DISCUSSION_MODERATORS_GROUP]))
    response = client.get(f"/admin/dialogue-moderation/dialogues/{week.get_parent().pk}/export/md/")
    assert response.status_code == 200
    assert "Only one" in response.content.decode()


@pytest.mark.django_db
def test_only_moderators_download_exports_and_names_cannot_be_forged(client, week):
    dialogue = week.get_parent()
    client.force_login(make_member("amina"))
    refused = client.get(f"/admin/dialogue-moderation/dialogues/{dialogue.pk}/exports/x.csv/")
    assert refused.status_code in (302, 403) and "Content-Disposition" not in refused
    client.force_login(make_member("mod", groups=[DISCUSSION_MODERATORS_GROUP]))
    for name in ["x.csv", "..%2F..%2Fsettings.py", f"{dialogue.slug}-discussion-aaaaaaaaaaaaaaaa.exe"]:
        assert client.get(f"/admin/dialogue-moderation/dialogues/{dialogue.pk}/exports/{name}/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_email_backend_delivers_every_part_of_a_message_through_the_worker(settings):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "cms.mail.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = EmailMultiAlternatives(
        gettext_lazy("Confirm your email address"),
        "Plain body",
        "site@example.org",
        ["ana@example.org"],
        bcc=["archive@example.org"],
        reply_to=["help@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/u/1>"},
    )
    message.attach_alternative("<p>HTML body</p>", "text/html")

    assert message.send() == 1
    assert mail.outbox == []

    run_worker()

    (delivered,) = mail.outbox
    assert (delivered.subject, delivered.body, delivered.from_email) == (
        "Confirm your email address",
        "Plain body",
        "site@example.org",
    )
    assert (delivered.to, delivered.bcc, delivered.reply_to) == (
        ["ana@example.org"],
        ["archive@example.org"],
        ["help@example.org"],
    )
    assert delivered.extra_headers["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert delivered.alternatives[0][0] == "<p>HTML body</p>"
