"""The query that renders a thread: one page of a question's shared discussion, in reading order."""

from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q

from ..conf import app_settings
from ..models import DialogueComment, WeeklyQuestionPage
from ..models.page_context import provides_context_for
from .forms import DialogueCommentForm
from .roles import is_moderator_expression
from .rules import posting_refusal


def thread_filter(page):
    """The lookup that selects every comment of ``page``'s shared thread."""
    thread_page = page.thread_page
    return {
        "content_type": ContentType.objects.get_for_model(thread_page),
        "object_pk": str(thread_page.pk),
    }


def visible_comments(page, user=None, language=None):
    """Published and removed (kept for the thread's shape) comments of the thread, in reading order.

    Everything a comment shows is fetched in this one query: author, like and
    report counts, whether the reader liked it, and the author's moderator badge.
    """
    comments = DialogueComment.objects.filter(**thread_filter(page), is_public=True)
    if language:
        comments = comments.filter(language=language)
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
    return comments.order_by("thread_id", "order")


def thread_page_of_comments(page, request):
    """One page of threads (top-level comments with all their replies) and the paginator."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = ""
    comments = visible_comments(page, request.user, language or None)
    # Threads in the order they started; with a language filter, every thread with a comment in it.
    thread_ids = comments.values_list("thread_id", flat=True).order_by("thread_id").distinct()
    paginator = Paginator(thread_ids, app_settings.DISCUSSION_THREADS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    shown = list(comments.filter(thread_id__in=list(page_obj.object_list)))
    return {
        "comments": shown,
        "comments_page": page_obj,
        "comment_count": DialogueComment.objects.filter(
            **thread_filter(page), is_public=True, is_removed=False
        ).count(),
        "language_filter": language,
        "discussion_query_prefix": f"lang={language}&" if language else "",
    }


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
