"""Long threads stay light: threads show their first replies, "show more replies" loads the rest
(with and without JavaScript), links to comments land on the page that holds them, members'
actions share one CSRF token per page, and comment text is rendered to safe HTML once, on save."""

import re

import pytest
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from dialogue_pages.discussion import moderation
from dialogue_pages.models import DialogueComment

from .factories import add_comment, make_member

SMALL = {"DISCUSSION_THREADS_PER_PAGE": 2, "DISCUSSION_REPLIES_SHOWN": 2, "DISCUSSION_REPLIES_PER_BATCH": 3}


def comment_ids(html):
    return [int(pk) for pk in re.findall(r'<li id="c(\d+)"', html)]


def more_link(html):
    match = re.search(r'<a href="([^"]+)" data-more-replies>([^<]+)</a>', html)
    return (match.group(1).replace("&amp;", "&"), match.group(2)) if match else (None, None)


def thread(week, author, replies, text="Reply"):
    top = add_comment(week, author, "Top")
    return top, [add_comment(week, author, f"{text} {n}", parent=top) for n in range(replies)]


@pytest.mark.django_db
@override_settings(**SMALL)
def test_a_thread_shows_its_first_replies_and_a_link_to_the_rest_that_works_without_javascript(client, member, week):
    top, replies = thread(week, member, 7)
    html = client.get(week.url).content.decode()
    assert comment_ids(html) == [top.pk, replies[0].pk, replies[1].pk]
    href, label = more_link(html)
    assert label == "Show 5 more replies"
    # Without JavaScript the link is a page of its own: the next batch, and a link to the rest.
    response = client.get(href)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and 'id="discussion-actions"' not in page  # a visitor has no actions form
    assert comment_ids(page) == [r.pk for r in replies[2:5]]
    href, label = more_link(page)
    assert label == "Show 2 more replies"
    assert comment_ids(client.get(href).content.decode()) == [r.pk for r in replies[5:]]
    assert more_link(client.get(href).content.decode()) == (None, None)


@pytest.mark.django_db
@override_settings(**SMALL)
def test_more_replies_as_a_fragment_for_the_script(client, member, week):
    top, replies = thread(week, member, 4)
    html = client.get(week.url).content.decode()
    assert 'src="/static/js/discussion.js"' in html
    href, _ = more_link(html)
    fragment = client.get(href + "&fragment=1").content.decode()
    assert "<html" not in fragment and "<body" not in fragment
    assert comment_ids(fragment) == [r.pk for r in replies[2:]]
    assert fragment.strip().startswith("<li")


@pytest.mark.django_db
@override_settings(**SMALL)
def test_more_replies_keep_the_language_filter(client, member, week):
    top = add_comment(week, member, "Top", language="es")
    spanish = [add_comment(week, member, f"Hola {n}", language="es", parent=top) for n in range(4)]
    add_comment(week, member, "Hello", language="en", parent=top)
    html = client.get(f"{week.url}?lang=es").content.decode()
    assert comment_ids(html) == [top.pk, spanish[0].pk, spanish[1].pk]
    href, label = more_link(html)
    assert "lang=es" in href and label == "Show 2 more replies"
    assert comment_ids(client.get(href).content.decode()) == [s.pk for s in spanish[2:]]


@pytest.mark.django_db
@override_settings(**SMALL)
def test_a_link_to_a_comment_lands_on_the_page_that_holds_it(client, member, week):
    threads = [thread(week, member, 5) for _ in range(5)]  # 2 threads a page: pages 1, 1, 2, 2, 3
    top, replies = threads[4]
    response = client.get(f"/en/discussion/comment/{replies[0].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{week.url}?page=3#c{replies[0].pk}"
    assert replies[0].pk in comment_ids(client.get(response["Location"]).content.decode())
    # A reply beyond the first ones: its thread's later replies, starting with it.
    later = threads[1][1][3]
    response = client.get(f"/en/discussion/comment/{later.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/discussion/thread/{threads[1][0].pk}/?after=")
    assert response["Location"].endswith(f"#c{later.pk}")
    assert comment_ids(client.get(response["Location"]).content.decode())[0] == later.pk
    # The first thread, on the first page.
    assert client.get(f"/en/discussion/comment/{threads[0][0].pk}/")["Location"] == f"{week.url}#c{threads[0][0].pk}"


@pytest.mark.django_db
@override_settings(**SMALL)
def test_links_to_unknown_or_unpublished_comments(client, member, week):
    pending = add_comment(week, member, "Waiting", is_public=False)
    assert client.get(f"/en/discussion/comment/{pending.pk}/")["Location"] == f"{week.url}#discussion"
    assert client.get("/en/discussion/comment/999999/").status_code == 404
    assert client.get("/en/discussion/thread/999999/").status_code == 404
    top, _ = thread(week, member, 3)
    assert client.get(f"/en/discussion/thread/{top.pk}/?after=nonsense").status_code == 200


@pytest.mark.django_db
@override_settings(**SMALL)
def test_after_posting_the_page_holding_the_new_comment_is_shown(client, member, week):
    comments = [add_comment(week, member, f"Thread {n}") for n in range(5)]
    html = client.get(f"{week.url}?c={comments[4].pk}").content.decode()
    assert comment_ids(html) == [comments[4].pk]
    assert "Page 3 of 3" in html


@pytest.mark.django_db
@override_settings(**SMALL)
def test_search_results_link_to_the_comment_through_its_own_link(member, week):
    _, replies = thread(week, member, 4)
    assert replies[3].search_result_url(None) == f"/en/discussion/comment/{replies[3].pk}/#c{replies[3].pk}"


def page_cost(client, url, with_response=False):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response if with_response else len(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("as_member", [False, True])
def test_a_thousand_comment_thread_costs_what_a_ten_comment_thread_costs(client, member, week, as_member):
    people = [make_member(f"p{n}") for n in range(4)]
    top = add_comment(week, people[0], "Top")
    for n in range(9):
        add_comment(week, people[n % 4], f"Reply {n} " + "words " * 40, parent=top)
    if as_member:
        client.force_login(member)
    page_cost(client, week.url)  # warm the per-process caches
    add_comment(week, people[1], "Reply 9", parent=top)
    # The first view after a change reads the thread's ids and count again; later ones do not.
    few_first, _ = page_cost(client, week.url)
    few_queries, few_bytes = page_cost(client, week.url)
    for n in range(10, 999):
        add_comment(week, people[n % 4], f"Reply {n} " + "words " * 40, parent=top)
    assert DialogueComment.objects.count() == 1000
    many_first, _ = page_cost(client, week.url)
    many_queries, many_bytes = page_cost(client, week.url)
    assert many_first == few_first
    assert many_queries == few_queries < few_first
    assert many_bytes < few_bytes * 1.05
    assert many_bytes < (180 if as_member else 150) * 1024


@pytest.mark.django_db
def test_members_actions_share_one_csrf_token_and_it_is_enforced(member, week):
    other = make_member("other")
    comments = [add_comment(week, other, f"Thread {n}") for n in range(6)]
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    html = client.get(week.url).content.decode()
    # No per-comment form or token: one actions form for every comment's buttons.
    listed = re.search(r'<ol class="comments">(.*?)</ol>', html, re.S).group(1)
    assert len(comment_ids(listed)) == 6
    assert "csrfmiddlewaretoken" not in listed and "<form" not in listed
    assert html.count('id="discussion-actions"') == 1
    actions = re.search(r'<form id="discussion-actions" method="post" hidden>(.*?)</form>', html).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', actions).group(1)
    like = f"/en/discussion/comment/{comments[2].pk}/like/"
    assert f'form="discussion-actions" formaction="{like}"' in html
    # Without the token, refused; with the page's one token, the like is recorded.
    assert client.post(like, {"next": week.url}).status_code == 403
    assert not CommentFlag.objects.filter(comment=comments[2], flag=LIKEDIT_FLAG).exists()
    response = client.post(like, {"next": f"{week.url}#c{comments[2].pk}", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == f"{week.url}#c{comments[2].pk}"
    assert CommentFlag.objects.filter(comment=comments[2], user=member, flag=LIKEDIT_FLAG).exists()
    assert client.post(f"/en/discussion/comment/{comments[3].pk}/report/", {"reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_stored_html_is_safe_and_follows_edits(client, member, week):
    comment = add_comment(week, member, '<script>alert("x")</script> <b>bold</b> https://example.org/a?b=1&c=2')
    assert "<script" not in comment.comment_html and "&lt;script&gt;" in comment.comment_html
    assert "<b>" not in comment.comment_html
    assert 'rel="nofollow ugc noopener"' in comment.comment_html
    stored = DialogueComment.objects.get(pk=comment.pk).comment_html
    assert stored == comment.comment_html
    client.force_login(member)
    response = client.post(f"/en/discussion/comment/{comment.pk}/edit/", {"comment": "Corrected <i>text</i>"})
    assert response.status_code == 302
    stored = DialogueComment.objects.get(pk=comment.pk).comment_html
    assert stored == "<p>Corrected &lt;i&gt;text&lt;/i&gt;</p>"
    assert stored in client.get(week.url).content.decode()


@pytest.mark.django_db
def test_the_page_shows_the_stored_html_and_follows_moderation(client, member, week):
    comment = add_comment(week, member, "Original words")
    DialogueComment.objects.filter(pk=comment.pk).update(comment_html="<p>Stored rendering</p>")
    assert "Stored rendering" in client.get(week.url).content.decode()  # never rendered again on view
    moderator = make_member("mod")
    moderation.hide(comment, moderator, "Off topic")
    html = client.get(week.url).content.decode()
    assert "Stored rendering" not in html and "removed by a moderator" in html
    moderation.restore(comment, moderator)
    assert "Stored rendering" in client.get(week.url).content.decode()


@pytest.mark.django_db
def test_the_data_migration_fills_the_stored_html(member, week):
    from importlib import import_module

    comment = add_comment(week, member, "Old <comment>")
    DialogueComment.objects.filter(pk=comment.pk).update(comment_html="")
    migration = import_module("dialogue_pages.migrations.0008_comment_html")
    migration.fill_comment_html(apps, None)
    assert DialogueComment.objects.get(pk=comment.pk).comment_html == "<p>Old &lt;comment&gt;</p>"


@pytest.mark.django_db
@override_settings(**SMALL)
def test_later_replies_of_a_restricted_or_unpublished_week_stay_hidden(client, member, week):
    from wagtail.models import PageViewRestriction

    top, replies = thread(week, member, 4)
    url = f"/en/discussion/thread/{top.pk}/?after=3"
    page = client.get(url).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in page
    PageViewRestriction.objects.create(page=week, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(member)
    assert replies[3].pk in comment_ids(client.get(url).content.decode())
    week.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(f"/en/discussion/comment/{replies[3].pk}/").status_code == 404


@pytest.mark.django_db
@override_settings(DISCUSSION_THREADS_PER_PAGE=10)
def test_many_threads_cost_what_a_few_cost_and_the_count_follows_every_change(client, member, week):
    """The thread ids and the count are kept until a comment changes: a page of a long
    discussion asks what a page of a short one asks, and every change shows at once."""
    people = [make_member(f"p{n}") for n in range(4)]
    page_cost(client, week.url)  # warm the per-process caches and the page's route
    for n in range(12):
        add_comment(week, people[n % 4], f"Thread {n}")
    few_first, _ = page_cost(client, week.url)  # the first view after a change reads the summary
    few_queries, _ = page_cost(client, week.url)
    for n in range(12, 300):
        add_comment(week, people[n % 4], f"Thread {n}")
    many_first, response = page_cost(client, week.url, with_response=True)
    assert "(300 comments)" in response.content.decode()
    many_queries, _ = page_cost(client, week.url)
    assert (many_first, many_queries) == (few_first, few_queries)
    last_page = client.get(week.url, {"page": 30}).content.decode()
    assert "Thread 299" in last_page

    newest = add_comment(week, member, "Thread 300")  # saved: the discussion changes at once
    assert "(301 comments)" in client.get(week.url).content.decode()
    assert "Thread 300" in client.get(week.url, {"page": 31}).content.decode()
    moderation.hide(newest, make_member("mod"), "Off topic")  # a moderator's change: comments_changed
    assert "(300 comments)" in client.get(week.url).content.decode()
