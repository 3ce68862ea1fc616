"""Moderators approve, hide, restore and highlight comments, from the admin's moderation queue."""

import re

import pytest
from allauth.account.models import EmailAddress
from django_comments.models import CommentFlag

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue_pages.discussion import moderation, roles
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import CommentState, DialogueComment, ModerationEvent

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory

QUEUE = "/admin/dialogue-moderation/"


def make_user(username, *, group=None, email=None, **fields):
    email = f"{username}@example.org" if email is None else email
    user = get_user_model().objects.create_user(username, email, "pw", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def post(week, user, text, parent=None, **fields):
    """A comment on ``week`` as the comment form would save it (replies computed by django-comments-xtd)."""
    assert Site.objects.filter(pk=1).exists()
    return DialogueComment.objects.create(
        content_object=week,
        site_id=1,
        user=user,
        user_name=getattr(user, "username", ""),
        user_email=getattr(user, "email", ""),
        comment=text,
        language=fields.pop("language", "en"),
        parent_id=parent.pk if parent else 0,
        **fields,
    )


def reload(comment):
    return DialogueComment.objects.get(pk=comment.pk)


@pytest.fixture
def dialogue(dialogue_index):
    return DialoguePageFactory(parent=dialogue_index, number=7, title="Training for gender equality")


@pytest.fixture
def week(dialogue):
    return WeeklyQuestionPageFactory(
        parent=dialogue,
        title="What makes a good practice",
        week_number=1,
        questions=[
            ("question", {"question": "What is a good practice?", "note": ""}),
            ("question", {"question": "How do you measure results?", "note": ""}),
        ],
    )


@pytest.fixture
def moderator(db):
    return make_user("mona", group=DISCUSSION_MODERATORS_GROUP, display_name="Mona the moderator")


@pytest.fixture
def editor(db):
    return make_user("eddie", group="Editors")


@pytest.fixture
def member(db):
    return make_user("ana", display_name="Ana", organisation="Women's Centre", country="KE")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


# The actions


@pytest.mark.django_db
def test_approving_publishes_a_comment_and_records_who_approved_it(week, member, moderator):
    comment = post(week, member, "Waiting for a moderator.", is_public=False)
    assert comment.state == CommentState.PENDING

    event = moderation.approve(comment, moderator)

    assert reload(comment).state == CommentState.PUBLISHED
    assert comment.is_public  # the caller's instance follows
    assert (event.action, event.actor, event.comment_id) == (ModerationEvent.Action.APPROVED, moderator, comment.pk)
    assert event.created_at is not None


@pytest.mark.django_db
def test_hiding_needs_a_reason_and_keeps_it(week, member, moderator):
    comment = post(week, member, "Buy cheap watches.")
    with pytest.raises(ValueError, match="reason"):
        moderation.hide(comment, moderator, "   ")
    assert reload(comment).state == CommentState.PUBLISHED
    assert not ModerationEvent.objects.exists()

    event = moderation.hide(comment, moderator, "Advertising")

    hidden = reload(comment)
    assert hidden.state == CommentState.HIDDEN
    assert hidden.moderation_reason == "Advertising"
    assert (event.action, event.actor, event.reason) == (ModerationEvent.Action.HIDDEN, moderator, "Advertising")


@pytest.mark.django_db
def test_hiding_a_comment_leaves_its_replies_in_place(week, member, moderator):
    """django-comments-xtd would unpublish the replies if the comment were saved; they must stay."""
    parent = post(week, member, "A comment that breaks the rules.")
    reply = post(week, make_user("ben"), "A fair reply.", parent=parent)
    waiting = post(week, make_user("cleo"), "A reply awaiting approval.", parent=parent, is_public=False)

    moderation.hide(parent, moderator, "Personal attack")
    assert reload(reply).state == CommentState.PUBLISHED

    moderation.restore(parent, moderator)
    assert reload(parent).state == CommentState.PUBLISHED
    assert reload(reply).state == CommentState.PUBLISHED
    assert reload(waiting).state == CommentState.PENDING


@pytest.mark.django_db
def test_restoring_shows_a_hidden_comment_again(week, member, moderator):
    comment = post(week, member, "Misunderstood at first.")
    moderation.hide(comment, moderator, "Looked like spam")

    event = moderation.restore(comment, moderator)

    restored = reload(comment)
    assert restored.state == CommentState.PUBLISHED
    assert restored.moderation_reason == ""
    assert (event.action, event.actor) == (ModerationEvent.Action.RESTORED, moderator)
    assert list(restored.moderation_events.values_list("action", flat=True)) == ["restored", "hidden"]


@pytest.mark.django_db
def test_a_comment_its_author_deleted_cannot_be_restored_by_a_moderator(week, member, moderator):
    comment = post(week, member, "I changed my mind.", is_removed=True, deleted_by_author=True)
    with pytest.raises(ValueError):
        moderation.restore(comment, moderator)
    with pytest.raises(ValueError):
        moderation.hide(comment, moderator, "Spam")
    assert reload(comment).state == CommentState.DELETED


@pytest.mark.django_db
def test_highlighting_marks_and_unmarks_a_moderators_pick(week, member, moderator):
    comment = post(week, member, "An insight worth reading.")

    picked = moderation.highlight(comment, moderator)
    assert reload(comment).highlighted
    assert (picked.action, picked.actor) == (ModerationEvent.Action.HIGHLIGHTED, moderator)
    with pytest.raises(ValueError):
        moderation.highlight(comment, moderator)

    unpicked = moderation.unhighlight(comment, moderator)
    assert not reload(comment).highlighted
    assert (unpicked.action, unpicked.actor) == (ModerationEvent.Action.UNHIGHLIGHTED, moderator)


@pytest.mark.django_db
def test_only_published_comments_can_be_picked_and_hiding_unpicks(week, member, moderator):
    pending = post(week, member, "Not yet approved.", is_public=False)
    with pytest.raises(ValueError):
        moderation.highlight(pending, moderator)

    comment = post(week, member, "Picked, then found to break the rules.")
    moderation.highlight(comment, moderator)
    moderation.hide(comment, moderator, "Copied from elsewhere")
    assert not reload(comment).highlighted


@pytest.mark.django_db
def test_a_refused_action_changes_nothing(week, member, moderator):
    comment = post(week, member, "Already published.")
    with pytest.raises(ValueError):
        moderation.restore(comment, moderator)
    assert not ModerationEvent.objects.exists()


@pytest.mark.django_db
def test_approving_a_held_comment_tells_the_threads_followers(
    week, member, moderator, django_capture_on_commit_callbacks
):
    post(week, make_user("fola", email="fola@example.org"), "Tell me about replies.", followup=True)
    held = post(week, member, "Held for approval.", is_public=False)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(held, moderator)

    assert [message.to for message in mail.outbox] == [["fola@example.org"]]


# Who is a moderator


@pytest.mark.django_db
def test_moderators_are_holders_of_the_permission_and_superusers(moderator, editor, member):
    with_permission = make_user("perm")
    with_permission.user_permissions.add(Permission.objects.get(codename="moderate_dialoguecomment"))
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    inactive = make_user("gone", group=DISCUSSION_MODERATORS_GROUP, is_active=False)
    page_approver = make_user("approver", group="Moderators")

    assert roles.is_moderator(moderator)
    assert roles.is_moderator(get_user_model().objects.get(pk=with_permission.pk))
    assert roles.is_moderator(superuser)
    assert not roles.is_moderator(editor)
    assert not roles.is_moderator(member)
    assert not roles.is_moderator(inactive)
    assert not roles.is_moderator(page_approver), "Wagtail's page Moderators group grants nothing in the discussion"
    assert set(roles.moderators()) == {moderator, with_permission, superuser}


@pytest.mark.django_db
def test_taking_the_permission_from_the_group_takes_the_whole_role(client, week, member, moderator):
    comment = post(week, member, "A comment by a member.")
    post(week, moderator, "A comment by the moderator.")
    client.force_login(moderator)
    assert client.get(reverse("dialogue_moderation:index")).status_code == 200
    assert 'class="badge">Moderator<' in client.get(week.url).content.decode()

    Group.objects.get(name=DISCUSSION_MODERATORS_GROUP).permissions.remove(
        Permission.objects.get(codename="moderate_dialoguecomment")
    )
    moderator = get_user_model().objects.get(pk=moderator.pk)  # a fresh permission cache
    client.force_login(moderator)

    assert not roles.is_moderator(moderator)
    assert client.get(reverse("dialogue_moderation:index")).status_code in (302, 403)
    response = client.post(reverse("dialogue_moderation:moderate", args=[comment.pk, "hide"]), {"reason": "x"})
    assert response.status_code in (302, 403)
    assert reload(comment).is_public and not reload(comment).is_removed
    assert 'class="badge">Moderator<' not in client.get(week.url).content.decode()
    assert "dialogue-moderation" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_page_approvers_wear_no_moderator_badge(client, week):
    approver = make_user("approver", group="Moderators", display_name="Ada the approver")
    post(week, approver, "A comment from someone who approves pages.")

    html = client.get(week.url).content.decode()

    assert "Ada the approver" in html
    assert 'class="badge">Moderator<' not in html


# Reports


@pytest.mark.django_db
def test_a_report_is_recorded_and_emailed_to_every_active_moderator(client, week, member, moderator, editor, settings):
    settings.DEFAULT_FROM_EMAIL = "dialogues@example.org"
    second = make_user("mo2", group=DISCUSSION_MODERATORS_GROUP)
    make_user("noemail", group=DISCUSSION_MODERATORS_GROUP, email="")
    make_user("retired", group=DISCUSSION_MODERATORS_GROUP, is_active=False)
    comment = post(week, member, "You are all wrong and stupid.")
    reporter = make_user("rita", display_name="Rita")
    EmailAddress.objects.create(user=reporter, email=reporter.email, verified=True, primary=True)
    client.force_login(reporter)

    # Through the report view: django-comments-xtd's moderator hears of the flag and queues the emails.
    response = client.post(f"/en/discussion/comment/{comment.pk}/report/", {"reason": "Insulting"})

    assert response.status_code == 302
    assert CommentFlag.objects.filter(comment=comment, user=reporter, flag=CommentFlag.SUGGEST_REMOVAL).exists()
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.action, event.actor, event.reason) == (ModerationEvent.Action.FLAGGED, reporter, "Insulting")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([moderator.email, second.email])
    message = mail.outbox[0]
    assert message.from_email == "dialogues@example.org"
    assert "What makes a good practice" in message.subject
    assert "You are all wrong and stupid." in message.body
    assert re.search(rf"https?://[^/\s]+/en/discussion/comment/{comment.pk}/#c{comment.pk}", message.body)
    assert "Insulting" in message.body
    assert "Rita" in message.body and "Ana" in message.body
    assert "ana@example.org" not in message.body
    assert message.alternatives == []  # plain text


# The queue in the admin


@pytest.mark.django_db
def test_the_queue_shows_pending_comments_with_their_context(week, member, moderator_client):
    question = week.questions[1]
    parent = post(week, make_user("ben", display_name="Ben"), "What counts as results?", question_id=question.id)
    post(week, member, "Change in attitudes, measured twice.", parent=parent, is_public=False, language="es")

    response = moderator_client.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Change in attitudes, measured twice." in html
    assert "What counts as results?" in html  # the parent, for context
    assert "How do you measure results?" in html  # the question the thread answers
    assert "7th Virtual Dialogue" in html and "Training for gender equality" in html
    assert "What makes a good practice" in html
    assert "Ana" in html and "Español" in html
    assert "Awaiting approval (1)" in html


@pytest.mark.django_db
def test_the_queue_lists_reported_comments_with_their_report_counts(week, member, moderator, moderator_client):
    comment = post(week, member, "A contested comment.")
    post(week, member, "An uncontroversial comment.")
    for name in ("r1", "r2"):
        reporter = make_user(name, display_name=f"Reporter {name}")
        CommentFlag.objects.create(comment=comment, user=reporter, flag=CommentFlag.SUGGEST_REMOVAL)
        moderation.record_report(comment, reporter, f"reason from {name}")

    html = moderator_client.get(QUEUE, {"tab": "reported"}).content.decode()

    assert "A contested comment." in html
    assert "An uncontroversial comment." not in html
    assert "2 reports" in html
    assert "reason from r1" in html and "Reporter r2" in html
    assert "Reported (1)" in html

    moderation.approve(comment, moderator)  # kept: the reports are settled
    html = moderator_client.get(QUEUE, {"tab": "reported"}).content.decode()
    assert "A contested comment." not in html and "Reported (0)" in html


@pytest.mark.django_db
def test_moderators_act_from_the_queue(week, member, moderator, moderator_client):
    comment = post(week, member, "Please approve me.", is_public=False)
    url = reverse("dialogue_moderation:moderate", args=[comment.pk, "approve"])

    response = moderator_client.post(url, {"next": f"{QUEUE}?tab=pending"}, follow=True)

    assert response.redirect_chain == [(f"{QUEUE}?tab=pending", 302)]
    assert reload(comment).state == CommentState.PUBLISHED
    assert f"Comment #{comment.pk} by Ana approved." in response.content.decode()

    moderator_client.post(reverse("dialogue_moderation:moderate", args=[comment.pk, "highlight"]))
    assert reload(comment).highlighted
    moderator_client.post(reverse("dialogue_moderation:moderate", args=[comment.pk, "unhighlight"]))
    assert not reload(comment).highlighted
    moderator_client.post(reverse("dialogue_moderation:moderate", args=[comment.pk, "hide"]), {"reason": "Off topic"})
    assert reload(comment).state == CommentState.HIDDEN
    moderator_client.post(reverse("dialogue_moderation:moderate", args=[comment.pk, "restore"]))
    assert reload(comment).state == CommentState.PUBLISHED
    assert list(ModerationEvent.objects.filter(comment=comment, actor=moderator).values_list("action", flat=True)) == [
        "restored",
        "hidden",
        "unhighlighted",
        "highlighted",
        "approved",
    ]


@pytest.mark.django_db
def test_hiding_without_a_reason_is_refused_with_a_clear_message(week, member, moderator_client):
    comment = post(week, member, "Borderline.")
    url = reverse("dialogue_moderation:moderate", args=[comment.pk, "hide"])

    response = moderator_client.post(url, {"reason": ""}, follow=True)

    assert response.status_code == 200
    assert "Give a reason for hiding this comment" in response.content.decode()
    assert reload(comment).state == CommentState.PUBLISHED


@pytest.mark.django_db
def test_the_hidden_list_offers_restoring_with_who_hid_and_why(week, member, moderator, moderator_client):
    comment = post(week, member, "Hidden by mistake.")
    moderation.hide(comment, moderator, "Thought it was spam")

    html = moderator_client.get(QUEUE, {"tab": "hidden"}).content.decode()

    assert "Hidden by mistake." in html
    assert "Thought it was spam" in html and "Mona the moderator" in html
    assert reverse("dialogue_moderation:moderate", args=[comment.pk, "restore"]) in html


@pytest.mark.django_db
def test_actions_need_a_post_with_a_csrf_token(week, member, moderator):
    from django.test import Client

    comment = post(week, member, "Pending.", is_public=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    url = reverse("dialogue_moderation:moderate", args=[comment.pk, "approve"])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert reload(comment).state == CommentState.PENDING


def assert_refused(response):
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard and a message."""
    assert response.status_code == 302
    assert response.url == "/admin/"


@pytest.mark.django_db
def test_editors_cannot_see_the_queue_or_act(week, member, editor, client):
    comment = post(week, member, "Pending.", is_public=False)
    client.force_login(editor)

    response = client.get(QUEUE, follow=True)
    assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert "Pending." not in response.content.decode()
    assert_refused(client.get(QUEUE))
    assert_refused(client.get(reverse("dialogue_moderation:dialogues")))
    for action in ("approve", "hide", "restore", "highlight", "unhighlight"):
        url = reverse("dialogue_moderation:moderate", args=[comment.pk, action])
        assert_refused(client.post(url, {"reason": "because"}))
    assert reload(comment).state == CommentState.PENDING
    assert not ModerationEvent.objects.exists()


@pytest.mark.django_db
def test_members_without_admin_access_are_sent_to_the_login(week, member, client):
    comment = post(week, member, "Pending.", is_public=False)
    client.force_login(member)

    response = client.post(reverse("dialogue_moderation:moderate", args=[comment.pk, "approve"]))

    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert reload(comment).state == CommentState.PENDING


@pytest.mark.django_db
def test_the_menu_item_is_shown_to_moderators_only(home, moderator, editor, client):
    client.force_login(editor)
    assert QUEUE not in client.get("/admin/").content.decode()
    client.force_login(moderator)
    assert QUEUE in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_queue_pages_by_fifty_in_a_constant_number_of_queries(week, dialogue, moderator_client):
    second_week = WeeklyQuestionPageFactory(parent=dialogue, week_number=2)
    authors = [make_user(f"author{n}", display_name=f"Author {n}") for n in range(3)]

    def queries_for_queue():
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(QUEUE)
        assert response.status_code == 200
        return len(queries)

    def add_comments(count):
        for n in range(count):
            target = week if n % 2 else second_week
            parent = post(target, authors[n % 3], f"Top {n}")
            post(target, authors[(n + 1) % 3], f"Reply {n}", parent=parent, is_public=False)

    add_comments(3)
    queries_for_queue()  # caches (site root paths, content types) warm up on the first request
    few = queries_for_queue()
    add_comments(60)
    many = queries_for_queue()

    assert many == few, (few, many)
    html = moderator_client.get(QUEUE).content.decode()
    assert html.count('<tr id="comment-') == 50
    assert "Page 1 of 2" in html


@pytest.mark.django_db
def test_the_queue_filters_by_language_and_dialogue(week, member, moderator_client, dialogue_index):
    post(week, member, "Un comentario en español.", is_public=False, language="es")
    post(week, member, "A comment in English.", is_public=False, language="en")
    other = WeeklyQuestionPageFactory(parent=DialoguePageFactory(parent=dialogue_index, title="Another dialogue"))
    post(other, member, "A comment in another dialogue.", is_public=False)

    spanish = moderator_client.get(QUEUE, {"language": "es"}).content.decode()
    assert "Un comentario en español." in spanish and "A comment in English." not in spanish

    dialogue = week.get_parent()
    this_dialogue = moderator_client.get(QUEUE, {"dialogue": dialogue.pk}).content.decode()
    assert "A comment in English." in this_dialogue
    assert "A comment in another dialogue." not in this_dialogue


@pytest.mark.django_db
def test_the_queue_exports_as_csv_with_public_names_only(week, member, moderator_client):
    post(week, member, "Waiting in the queue.", is_public=False)

    response = moderator_client.get(QUEUE, {"tab": "pending", "export": "csv"})

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    header, row = text.splitlines()[:2]
    assert header.startswith("Comment,Submitted,Author,Language,State,Week")
    assert "Ana" in row and "Waiting in the queue." in row and "pending" in row
    assert member.email not in text
