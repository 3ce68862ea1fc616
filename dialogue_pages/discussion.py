"""The rules of the discussion and the query that renders a thread.

Who may post where and when is decided here, once, for the form view and for any
other way in (there is no comments REST API: it is deliberately not routed).
"""

from dataclasses import dataclass
from datetime import timedelta

from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import DialogueComment, DialogueStatus
from .roles import is_moderator_expression


def is_confirmed_member(user):
    """A logged-in, active account whose email address is confirmed."""
    from members.permissions import is_confirmed_member as check

    return check(user)


@dataclass(frozen=True)
class Refusal:
    """Why a member cannot post now, and where to send them."""

    message: str
    login_required: bool = False


def week_refusal(week, now=None):
    """Why nobody can post on ``week`` now (not open yet, closed, dialogue closed), or None."""
    now = now or timezone.now()
    if getattr(week.dialogue, "status", None) == DialogueStatus.CLOSED:
        return Refusal(_("This dialogue has closed; its discussion is kept here to read."))
    if now < week.opens_at:
        return Refusal(
            _("This week's discussion opens on %(date)s (UTC).")
            % {"date": date_format(week.opens_at, "DATETIME_FORMAT")}
        )
    if now >= week.closes_at:
        return Refusal(_("This week's discussion has closed; you can still read it."))
    return None


def member_refusal(user):
    """Why ``user`` cannot act as a member (not logged in, email not confirmed), or None."""
    if not user.is_authenticated:
        return Refusal(_("Log in or register as a member to take part in the discussion."), login_required=True)
    if not is_confirmed_member(user):
        return Refusal(_("Please confirm your email address first: we sent you a link when you registered."))
    return None


def posting_refusal(user, week, now=None):
    """Why ``user`` may not post on ``week`` now, or None when they may."""
    refusal = week_refusal(week, now) or member_refusal(user)
    if refusal:
        return refusal
    window_start = (now or timezone.now()) - timedelta(seconds=settings.DISCUSSION_RATE_WINDOW)
    recent = DialogueComment.objects.filter(user=user, submit_date__gte=window_start).count()
    if recent >= settings.DISCUSSION_RATE_LIMIT:
        return Refusal(
            _("You have posted %(count)s comments in the last %(minutes)s minutes. Please wait a little.")
            % {"count": recent, "minutes": settings.DISCUSSION_RATE_WINDOW // 60}
        )
    return None


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
    paginator = Paginator(thread_ids, settings.DISCUSSION_THREADS_PER_PAGE)
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
