"""The queries that render a thread: one page of a question's shared discussion, in reading order.

A page of the discussion holds DISCUSSION_THREADS_PER_PAGE threads (a top-level comment and
its replies); each shows its first DISCUSSION_REPLIES_SHOWN replies and a "show N more
replies" link to the rest (``thread_replies``, in batches). So a page's size and cost do not
grow with its threads' length. The cheap parts come from plain queries on the comment
tables' indexes (migration 0008), never from the annotated query that renders comments:

- the page's thread ids and their count: ``django_comments (content_type_id, object_pk,
  is_public, is_removed)`` finds the week's public comments, joined by primary key to their
  thread id; the same index alone counts the visible comments;
- each thread's first replies and the rest's count: ``django_comments_xtd_xtdcomment
  (thread_id, "order")`` alone (the page's thread ids scope them), since ``order`` is a
  comment's place in its thread's reading order.

Only the comments shown (at most threads × (1 + replies shown)) go through the annotated
query (author, like count, the reader's like and report, the moderator badge).
``python bench/pages.py --plans`` prints these queries' plans on SQLite or PostgreSQL.
"""

from django_comments.models import Comment, CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from localized_pages.versions import read_version

from ..conf import app_settings
from ..models import DialogueComment, WeeklyQuestionPage
from ..models.page_context import provides_context_for
from .forms import DialogueCommentForm
from .roles import is_moderator_expression
from .rules import posting_refusal

SUMMARY_SECONDS = 24 * 60 * 60  # a discussion's summary is kept until a comment changes (or a day)


def thread_filter(page):
    """The lookup that selects every comment of ``page``'s shared thread."""
    thread_page = page.thread_page
    return {
        "content_type": ContentType.objects.get_for_model(thread_page),
        "object_pk": str(thread_page.pk),
    }


def public_comments(page, language=None):
    """The thread's published comments (removed ones included: they keep the thread's shape),
    unannotated: for ids and counts. Without a language filter, only the parent tables are read."""
    if language:
        return DialogueComment.objects.filter(**thread_filter(page), is_public=True, language=language)
    return XtdComment.objects.filter(**thread_filter(page), is_public=True)


def annotate_for_reader(comments, user=None):
    """Everything a comment shows, in one query: author, like count, whether the reader liked or
    reported it, and the author's moderator badge."""
    comments = comments.select_related("user").annotate(
        like_count=Count("flags", filter=Q(flags__flag=LIKEDIT_FLAG), distinct=True),
        author_is_moderator=is_moderator_expression("user_id"),
    )
    if user is not None and user.is_authenticated:
        comments = comments.annotate(
            liked_by_reader=Exists(CommentFlag.objects.filter(comment=OuterRef("pk"), user=user, flag=LIKEDIT_FLAG)),
            reported_by_reader=Exists(
                CommentFlag.objects.filter(comment=OuterRef("pk"), user=user, flag=CommentFlag.SUGGEST_REMOVAL)
            ),
        )
    return comments


def visible_comments(page, user=None, language=None):
    """Published and removed comments of the thread, annotated for display, in reading order."""
    comments = DialogueComment.objects.filter(**thread_filter(page), is_public=True)
    if language:
        comments = comments.filter(language=language)
    return annotate_for_reader(comments, user).order_by("thread_id", "order")


def reader_language(request):
    language = request.GET.get("lang", "")
    return language if language in dict(settings.LANGUAGES) else ""


def thread_ids(page, language=None):
    """The ids of the threads (in the order they started); with a language filter, every thread
    with a comment in it. A plain query: see the module's docstring."""
    return public_comments(page, language).order_by("thread_id").values_list("thread_id", flat=True).distinct()


def first_comment_ids(page, ids, language=None):
    """The ids of each thread's top comment and first replies, in one plain query."""
    shown = app_settings.DISCUSSION_REPLIES_SHOWN + 1
    if not language:  # the thread index alone: (thread_id, order) ranges, however many comments the page has
        return XtdComment.objects.filter(thread_id__in=ids, order__lte=shown, is_public=True).values("pk")
    ranked = (
        public_comments(page, language)
        .filter(thread_id__in=ids)
        .annotate(rank=Window(RowNumber(), partition_by=[F("thread_id")], order_by=F("order").asc()))
        .filter(rank__lte=shown)
    )
    return list(ranked.values_list("pk", flat=True))


def mark_more_replies(comments, totals, language=""):
    """Attach "N more replies" (and where they start) to the last shown comment of each thread."""
    last = {}
    shown = {}
    for comment in comments:
        last[comment.thread_id] = comment
        shown[comment.thread_id] = shown.get(comment.thread_id, 0) + 1
    for thread_id, comment in last.items():
        more = totals.get(thread_id, 0) - shown[thread_id]
        if more > 0:
            comment.more_replies = more
            comment.more_replies_after = comment.order
            comment.more_replies_language = language


def discussion_version_key(thread_page_pk):
    return f"discussion:version:{thread_page_pk}"


def discussion_version(page):
    """The version of ``page``'s shared discussion: it changes with every change to its comments."""
    return read_version(discussion_version_key(page.thread_page.pk))


def forget_discussion_summaries(sender, comment_ids, **kwargs):
    """A ``comments_changed`` receiver: the discussions of those comments get a new version."""
    pages = sender.objects.filter(pk__in=comment_ids).values_list("object_pk", flat=True).distinct()
    cache.delete_many([discussion_version_key(object_pk) for object_pk in pages])


def forget_discussion_summary(sender, instance, **kwargs):
    """A ``post_save``/``post_delete`` receiver: a comment saved anywhere (the admin, a script)
    changes its discussion too, now and again once its transaction commits."""
    key = discussion_version_key(instance.object_pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def discussion_summary(page, language):
    """The thread ids of ``page``'s discussion in order, and its visible comments' count.

    Counting a discussion's threads reads every comment's row; the answer is kept until a
    comment changes (``forget_discussion_summaries``), so a page of a long discussion costs
    what a page of a short one does.
    """
    key = f"discussion:summary:{page.thread_page.pk}:{discussion_version(page)}:{language}"
    summary = cache.get(key)
    if summary is None:
        summary = {
            "thread_ids": list(thread_ids(page, language or None)),
            # django-contrib-comments' own table only: every comment on a week's page is a DialogueComment.
            "comment_count": Comment.objects.filter(**thread_filter(page), is_public=True, is_removed=False).count(),
        }
        cache.set(key, summary, SUMMARY_SECONDS)
    return summary


def thread_page_of_comments(page, request):
    """One page of threads (top-level comments with their first replies) and the paginator."""
    language = reader_language(request)
    summary = discussion_summary(page, language)
    paginator = Paginator(summary["thread_ids"], app_settings.DISCUSSION_THREADS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page") or linked_page_number(page, request, language))
    ids = list(page_obj.object_list)
    comments = list(
        annotate_for_reader(
            DialogueComment.objects.filter(pk__in=first_comment_ids(page, ids, language or None)), request.user
        ).order_by("thread_id", "order")
    )
    in_threads = DialogueComment.objects.filter(language=language) if language else XtdComment.objects
    totals = dict(
        in_threads.filter(thread_id__in=ids, is_public=True)
        .order_by()
        .values_list("thread_id")
        .annotate(n=Count("pk"))
    )
    mark_more_replies(comments, totals, language)
    return {
        "comments": comments,
        "comments_page": page_obj,
        "comment_count": summary["comment_count"],
        "language_filter": language,
        "discussion_query_prefix": f"lang={language}&" if language else "",
    }


def thread_replies(top, request, after):
    """The next batch of a thread's comments after ``order`` ``after`` (for "show more replies")."""
    language = reader_language(request)
    batch = list(
        annotate_for_reader(
            DialogueComment.objects.filter(
                thread_id=top.thread_id,
                is_public=True,
                order__gt=after,
                **({"language": language} if language else {}),
            ),
            request.user,
        ).order_by("order")[: app_settings.DISCUSSION_REPLIES_PER_BATCH]
    )
    if batch:
        rest = DialogueComment.objects if language else XtdComment.objects
        rest = rest.filter(thread_id=top.thread_id, is_public=True, order__gt=batch[-1].order)
        if language:
            rest = rest.filter(language=language)
        more = rest.count()
        if more:
            batch[-1].more_replies = more
            batch[-1].more_replies_after = batch[-1].order
            batch[-1].more_replies_language = language
    return batch, language


def threads_page_number(comment, language=None):
    """The number of the page of threads that holds ``comment``'s thread."""
    earlier = DialogueComment.objects.filter(language=language) if language else XtdComment.objects
    earlier = earlier.filter(
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        is_public=True,
        thread_id__lt=comment.thread_id,
    )
    return earlier.values("thread_id").distinct().count() // app_settings.DISCUSSION_THREADS_PER_PAGE + 1


def linked_page_number(page, request, language):
    """For ``?c=<id>`` (where django-comments sends a member after posting): the page of threads
    holding that comment; else None (the first page)."""
    comment_id = request.GET.get("c", "")
    if not comment_id.isdigit():
        return None
    comment = DialogueComment.objects.filter(pk=int(comment_id), **thread_filter(page), is_public=True).first()
    return threads_page_number(comment, language or None) if comment is not None else None


def comment_location(comment):
    """Where a published comment is shown: ``(page number, None)`` on the week's page of threads,
    or ``(None, after)`` in its thread's later replies (``thread_replies(after=...)``)."""
    if comment.order <= app_settings.DISCUSSION_REPLIES_SHOWN + 1:
        return threads_page_number(comment), None
    return None, comment.order - 1


@provides_context_for(WeeklyQuestionPage)
def discussion_context(week, request):
    """What a week's page shows of its discussion: one page of the thread and, for members
    while the week is open, the comment form (else why they cannot post)."""
    context = thread_page_of_comments(week, request)
    refusal = posting_refusal(request.user, week)
    context["posting_refusal"] = refusal
    if refusal is None:
        context["comment_form"] = DialogueCommentForm(week.thread_page)
    return context
