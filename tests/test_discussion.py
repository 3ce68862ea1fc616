"""Members discuss the weekly questions: who may post where and when, and what everyone sees."""

import re
from datetime import timedelta

import pytest
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from dialogue_pages.discussion.forms import DialogueCommentForm
from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import DialogueComment, ModerationEvent

from .factories import add_comment, make_member, make_week

POST_URL = "/en/discussion/post/"


def form_data(week, text="A good practice is one that others can learn from.", **extra):
    """What the comment form on the week's page posts (with its security hash)."""
    form = DialogueCommentForm(week.thread_page)
    data = {**form.initial, **form.generate_security_data()}
    data.update({"comment": text, "language": "en", "reply_to": 0, "next": week.url, "post": "1"})
    data.update(extra)
    return data


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.mark.django_db
def test_member_can_post_a_comment_that_everyone_sees(member_client, week, client):
    response = member_client.post(POST_URL, form_data(week, question_id=week.questions[0].id), follow=True)
    assert response.status_code == 200
    comment = DialogueComment.objects.get()
    assert (comment.user.username, comment.language, comment.is_public) == ("amina", "en", True)
    assert comment.question_id == week.questions[0].id
    html = response.content.decode()
    assert "Your comment has been posted" in html
    assert "A good practice is one that others can learn from." in html
    member_client.logout()
    assert "A good practice is one that others can learn from." in client.get(week.url).content.decode()


@pytest.mark.django_db
def test_visitor_is_sent_to_log_in_and_back(client, week):
    html = client.get(week.url).content.decode()
    assert "Only members of the Community of Practice can take part." in html
    assert "/en/accounts/login/?next=" in html
    response = client.post(POST_URL, form_data(week))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert not DialogueComment.objects.exists()


@pytest.mark.django_db
def test_unconfirmed_account_is_refused_and_keeps_its_text(client, week):
    client.force_login(make_member("pending", confirmed=False))
    response = client.post(POST_URL, form_data(week, text="My words matter"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "confirm your email address" in html
    assert "My words matter" in html
    assert not DialogueComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("week_kwargs", "message"),
    [
        ({"opens_in_days": -10, "closes_in_days": -3}, "This week&#x27;s discussion has closed"),
        ({"opens_in_days": 2, "closes_in_days": 7}, "This week&#x27;s discussion opens on"),
        ({"dialogue_ends_in_days": -1}, "This dialogue has closed"),
    ],
)
def test_posting_outside_an_open_week_is_refused(member_client, dialogue_index, week_kwargs, message):
    week = make_week(dialogue_index, **week_kwargs)
    page = member_client.get(week.url).content.decode()
    assert message in page
    assert 'action="/en/discussion/post/"' not in page
    response = member_client.post(POST_URL, form_data(week, text="Late thoughts"))
    assert response.status_code == 403
    assert message in response.content.decode()
    assert "Late thoughts" in response.content.decode()
    assert not DialogueComment.objects.exists()


@pytest.mark.django_db
def test_a_forged_target_is_refused(member_client, week, dialogue_index):
    other = make_week(dialogue_index)
    forged = form_data(week, object_pk=str(other.pk))  # hash made for ``week``
    response = member_client.post(POST_URL, forged)
    assert response.status_code == 400
    not_a_week = form_data(week, content_type="dialogue_pages.dialoguepage", object_pk=str(week.get_parent().pk))
    response = member_client.post(POST_URL, not_a_week)
    assert response.status_code == 400
    assert "This discussion does not exist" in response.content.decode()
    assert member_client.post(POST_URL, {"object_pk": "x", "content_type": "nope"}).status_code == 400
    assert not DialogueComment.objects.exists()


@pytest.mark.django_db
def test_replying_to_another_threads_comment_is_refused(member_client, member, week, dialogue_index):
    elsewhere = add_comment(make_week(dialogue_index), member)
    response = member_client.post(POST_URL, form_data(week, reply_to=elsewhere.pk, text="My reply"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You can only reply to comments in this discussion." in html
    assert "My reply" in html
    assert DialogueComment.objects.count() == 1


@pytest.mark.django_db
def test_member_can_reply_to_a_comment_three_levels_deep_and_no_deeper(member_client, member, week):
    top = add_comment(week, member, "Top")
    response = member_client.post(POST_URL, form_data(week, reply_to=top.pk, text="Reply one"))
    assert response.status_code == 302
    reply = DialogueComment.objects.get(comment="Reply one")
    assert (reply.level, reply.thread_id) == (1, top.pk)
    member_client.post(POST_URL, form_data(week, reply_to=reply.pk, text="Reply two"))
    deepest = DialogueComment.objects.get(comment="Reply two")
    assert deepest.level == 2
    response = member_client.post(POST_URL, form_data(week, reply_to=deepest.pk, text="Reply three"))
    assert "Replies nest 3 levels deep" in response.content.decode()
    assert not DialogueComment.objects.filter(comment="Reply three").exists()


@pytest.mark.django_db
def test_too_long_or_empty_comments_get_a_clear_error_and_keep_the_text(member_client, week):
    with override_settings(COMMENT_MAX_LENGTH=50):
        long_text = "word " * 20
        response = member_client.post(POST_URL, form_data(week, text=long_text))
    html = response.content.decode()
    assert "the limit is" in html
    assert long_text.strip() in html
    response = member_client.post(POST_URL, form_data(week, text="   "))
    assert "Please write a comment before posting." in response.content.decode()
    assert not DialogueComment.objects.exists()


@pytest.mark.django_db
def test_posting_shows_a_preview_first_when_asked(member_client, week):
    data = form_data(week, text="Draft with https://example.org/page link")
    del data["post"]
    data["preview"] = "1"
    response = member_client.post(POST_URL, data)
    html = response.content.decode()
    assert "Preview your comment" in html
    assert 'href="https://example.org/page"' in html
    assert not DialogueComment.objects.exists()


@pytest.mark.django_db
def test_rate_limit_refuses_with_a_clear_message(member_client, member, week):
    with override_settings(DISCUSSION_RATE_LIMIT=2):
        add_comment(week, member)
        add_comment(week, member)
        response = member_client.post(POST_URL, form_data(week, text="Third"))
    assert response.status_code == 403
    assert "Please wait a little" in response.content.decode()
    assert DialogueComment.objects.count() == 2


@pytest.mark.django_db
def test_html_from_members_never_reaches_the_page(client, member, week):
    add_comment(week, member, '<script>alert("x")</script> <b>bold</b> see https://example.org/a?b=1&c=2\n\nNext')
    html = client.get(week.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html
    link = re.search(r'<a href="https://example.org/a\?b=1&amp;c=2"[^>]*>', html).group(0)
    assert "nofollow" in link and "ugc" in link


@pytest.mark.django_db
def test_get_on_the_post_url_is_refused(member_client):
    assert member_client.get(POST_URL).status_code == 405


@pytest.mark.django_db
def test_premoderated_dialogue_holds_comments_for_approval(member_client, dialogue_index, client):
    week = make_week(dialogue_index, premoderate_comments=True)
    response = member_client.post(POST_URL, form_data(week, text="Awaiting"), follow=True)
    assert "will appear once a moderator has approved it" in response.content.decode()
    assert DialogueComment.objects.get().is_public is False
    assert "Awaiting" not in client.get(week.url).content.decode()


@pytest.mark.django_db
def test_language_is_shown_and_filterable(client, member, week):
    add_comment(week, member, "In English", language="en")
    add_comment(week, member, "En español", language="es")
    html = client.get(week.url).content.decode()
    assert "In English" in html and "En español" in html
    filtered = client.get(week.url, {"lang": "es"}).content.decode()
    assert "En español" in filtered and "In English" not in filtered
    assert client.get(week.url, {"lang": "klingon"}).status_code == 200


@pytest.mark.django_db
def test_moderators_comments_carry_a_badge_and_removed_comments_keep_the_shape(client, member, week):
    moderator = make_member("mod", groups=[DISCUSSION_MODERATORS_GROUP])
    top = add_comment(week, moderator, "Welcome all")
    add_comment(week, member, "Thanks", parent=top)
    hidden = add_comment(week, member, "Rude words")
    hidden.is_removed = True
    hidden.save()
    html = client.get(week.url).content.decode()
    assert 'class="badge">Moderator<' in html
    assert "This comment was removed by a moderator." in html
    assert "Rude words" not in html
    assert html.count("comment--level-1") == 1


@pytest.mark.django_db
def test_member_can_like_and_unlike(member_client, member, week):
    comment = add_comment(week, make_member("other"))
    url = f"/en/discussion/comment/{comment.pk}/like/"
    member_client.post(url, {"next": week.url})
    assert CommentFlag.objects.filter(comment=comment, user=member, flag=LIKEDIT_FLAG).exists()
    assert "1 like" in member_client.get(week.url).content.decode()
    member_client.post(url)
    assert not CommentFlag.objects.filter(comment=comment, flag=LIKEDIT_FLAG).exists()
    assert member_client.get(url).status_code == 405


@pytest.mark.django_db
def test_visitor_cannot_react(client, member, week):
    comment = add_comment(week, member)
    response = client.post(f"/en/discussion/comment/{comment.pk}/like/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CommentFlag.objects.exists()


@pytest.mark.django_db
def test_member_can_report_a_comment_and_moderators_are_emailed(member_client, member, week):
    make_member("mod", groups=[DISCUSSION_MODERATORS_GROUP])
    comment = add_comment(week, make_member("other"), "Spam spam")
    url = f"/en/discussion/comment/{comment.pk}/report/"
    assert member_client.get(url).status_code == 200
    response = member_client.post(url, {"reason": "Advertising", "next": week.url}, follow=True)
    assert "The moderators have been told" in response.content.decode()
    assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).count() == 1
    assert any("mod@example.org" in message.to for message in mail.outbox)
    assert ModerationEvent.objects.filter(comment=comment, action="flagged").exists()


@pytest.mark.django_db
def test_author_can_edit_within_the_window_and_the_thread_says_edited(member_client, member, week):
    comment = add_comment(week, member, "Frist")
    response = member_client.post(f"/en/discussion/comment/{comment.pk}/edit/", {"comment": "First"}, follow=True)
    comment.refresh_from_db()
    assert comment.comment == "First" and comment.edited_at is not None
    assert "edited" in response.content.decode()
    assert ModerationEvent.objects.filter(comment=comment, action="edited", actor=member).exists()


@pytest.mark.django_db
def test_author_cannot_edit_after_the_window_or_others_comments(member_client, member, week):
    old = add_comment(week, member, "Old")
    DialogueComment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=1))
    response = member_client.post(f"/en/discussion/comment/{old.pk}/edit/", {"comment": "New"})
    assert response.status_code == 403
    assert "can no longer be changed" in response.content.decode()
    someone_elses = add_comment(week, make_member("other"), "Theirs")
    assert member_client.post(f"/en/discussion/comment/{someone_elses.pk}/edit/", {"comment": "x"}).status_code == 404
    assert member_client.post("/en/discussion/comment/999999/delete/").status_code == 404


@pytest.mark.django_db
def test_author_can_delete_and_the_thread_keeps_its_shape(member_client, member, week):
    comment = add_comment(week, member, "Oops")
    add_comment(week, make_member("other"), "A reply", parent=comment)
    assert member_client.get(f"/en/discussion/comment/{comment.pk}/delete/").status_code == 200
    member_client.post(f"/en/discussion/comment/{comment.pk}/delete/")
    html = member_client.get(week.url).content.decode()
    assert "This comment was deleted by its author." in html
    assert "A reply" in html
    assert DialogueComment.objects.filter(pk=comment.pk).exists()


@pytest.mark.django_db
def test_followers_get_an_email_on_replies_with_a_one_click_unsubscribe(client, member, week):
    top = add_comment(week, member, "I follow this", followup=True)
    member.email = "amina@example.org"
    DialogueComment.objects.filter(pk=top.pk).update(user_email=member.email)
    replier = make_member("replier")
    client.force_login(replier)
    client.post(POST_URL, form_data(week, reply_to=top.pk, text="A reply for you"))
    followup = [m for m in mail.outbox if "amina@example.org" in m.to]
    assert followup, [m.to for m in mail.outbox]
    link = re.search(r"http://testserver(/en/discussion/comment/(\d+)/)#c(\d+)", followup[0].body)
    assert link and link.group(2) == link.group(3), followup[0].body
    reply = DialogueComment.objects.get(comment="A reply for you")
    assert int(link.group(2)) == reply.pk
    assert client.get(link.group(1))["Location"].startswith(week.url)  # lands on the page holding it
    mute_path = re.search(r"(/en/discussion/mute/[^/\s]+/)", followup[0].body).group(1)
    assert "You will no longer receive these emails" in client.get(mute_path).content.decode()
    top.refresh_from_db()
    assert top.followup is False


@pytest.mark.django_db
def test_a_long_discussion_renders_with_constant_queries(client, member, week):
    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(week.url).status_code == 200
        return len(context.captured_queries)

    count_queries()  # warm the per-process caches (content types, site, the page's route)
    for n in range(10):
        add_comment(week, member, f"Comment {n}")
    few = count_queries(), count_queries()  # after a change (ids and count read again), then not
    people = [make_member(f"p{n}") for n in range(5)]
    tops = [add_comment(week, people[n % 5], f"Thread {n}") for n in range(330)]
    for n, top in enumerate(tops):
        reply = add_comment(week, people[(n + 1) % 5], f"Reply {n}", parent=top)
        add_comment(week, people[(n + 2) % 5], f"Deeper {n}", parent=reply)
    assert DialogueComment.objects.count() == 1000
    assert (count_queries(), count_queries()) == few
    html = client.get(week.url).content.decode()
    assert "Page 1 of" in html


@pytest.mark.django_db
def test_translations_of_a_week_share_one_thread(member, week):
    from django.test import RequestFactory

    from wagtail.models import Locale

    from dialogue_pages.discussion.threads import thread_page_of_comments

    spanish = Locale.objects.get_or_create(language_code="es")[0]
    es_week = week.copy_for_translation(spanish, copy_parents=True)
    add_comment(week, member, "Written in English", language="en")
    add_comment(es_week, member, "Escrito en español", language="es")
    assert es_week.thread_page.pk == week.pk
    request = RequestFactory().get("/es/")
    request.user = member
    texts = [c.comment for c in thread_page_of_comments(es_week, request)["comments"]]
    assert texts == ["Written in English", "Escrito en español"]
    assert DialogueComment.objects.filter(object_pk=str(week.pk)).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/discussion/mute/not-a-signed-key/",
        "/en/discussion/posted/?c=abc",
        "/en/discussion/comment/999999/report/",
        "/en/discussion/comment/999999/like/",
    ],
)
def test_broken_or_forged_discussion_urls_get_a_clear_answer(member_client, url):
    assert member_client.get(url).status_code in {200, 400, 404, 405}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/comments/api/", "/en/comments/api/", "/en/discussion/api/", "/comments/post/"])
def test_no_comments_rest_api_is_routed(client, url):
    # Unprefixed paths are first sent to their /en/ version, which does not exist either.
    assert client.get(url, follow=True).status_code == 404


def rendered_form_data(html):
    """The fields of the comment form as a browser would send them."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", class_="comment-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") == "checkbox":
            continue
        if field.name == "select":
            selected = field.find("option", selected=True) or field.find("option")
            data[name] = selected.get("value", "")
        else:
            data[name] = field.get("value", field.text)
    return form, data


@pytest.mark.django_db
def test_the_rendered_form_posts_a_new_comment_and_returns_to_the_thread(member_client, week):
    html = member_client.get(week.url).content.decode()
    form, data = rendered_form_data(html)
    assert form.find("input", attrs={"name": "honeypot"}).find_parent("p").has_attr("hidden")
    textarea = form.find("textarea", attrs={"name": "comment"})
    assert form.find(id=textarea["aria-describedby"]) is not None
    data.update(comment="Posted through the page's own form", post="1")
    response = member_client.post(POST_URL, data)
    assert response.status_code == 302
    assert response["Location"].startswith(week.url + "?c=")
    assert DialogueComment.objects.get().comment == "Posted through the page's own form"


@pytest.mark.django_db
def test_the_rendered_form_in_reply_mode_posts_a_reply(member_client, member, week):
    top = add_comment(week, make_member("other"), "First!")
    _, data = rendered_form_data(member_client.get(week.url, {"reply_to": top.pk}).content.decode())
    assert data["reply_to"] == str(top.pk)
    assert data["next"] == week.url  # back to the thread, not to reply mode
    data.update(comment="A reply through the page", post="1")
    member_client.post(POST_URL, data)
    assert DialogueComment.objects.get(comment="A reply through the page").parent_id == top.pk
