"""Public views of the discussion: post (through django-comments' own view), react, report, edit, delete."""

from datetime import timedelta

from django_comments.models import CommentFlag
from django_comments.signals import comment_was_flagged
from django_comments.views.comments import post_comment as comments_post_comment
from django_comments_xtd.models import LIKEDIT_FLAG

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..conf import app_settings
from ..models import DialogueComment, ModerationEvent, WeeklyQuestionPage
from .changes import announce_change
from .forms import CommentEditForm, ReportForm
from .moderation import record_report
from .rules import Refusal, member_refusal, posting_refusal
from .threads import comment_location, thread_replies


def _week_from_post(request):
    """The live, public week page a posted form targets, or None if the target is forged or gone."""
    try:
        content_type = ContentType.objects.get_by_natural_key(*request.POST.get("content_type", "").split(".", 1))
        if content_type.model_class() is not WeeklyQuestionPage:
            return None
        return WeeklyQuestionPage.objects.live().public().get(pk=int(request.POST.get("object_pk", "")))
    except (ObjectDoesNotExist, ValueError, TypeError):
        return None


def _back_to(request, week=None, anchor="discussion"):
    """Where to return: the (same-site) page the member came from, else the week's page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    if week is not None:
        return f"{week.url}#{anchor}"
    return "/"


def refuse(request, refusal, status=403):
    """Answer a refused post with the reason and the member's text, so nothing they wrote is lost."""
    return render(
        request,
        "dialogue_pages/discussion/refused.html",
        {"message": refusal.message, "text": request.POST.get("comment", ""), "back": _back_to(request)},
        status=status,
    )


@require_POST
def post_comment(request):
    """Check who may post where and when, then hand over to django-comments' own post view.

    django-comments validates the form (security hash, timestamp, length, reply
    target) and shows the preview or errors with the text kept; our receivers set
    the moderation state and tell the member what happened.
    """
    week = _week_from_post(request)
    if week is None:
        return refuse(request, Refusal(_("This discussion does not exist or is no longer available.")), status=400)
    refusal = posting_refusal(request.user, week)
    if refusal and refusal.login_required:
        return redirect_to_login(_back_to(request, week), login_url=settings.LOGIN_URL)
    if refusal:
        return refuse(request, refusal)
    # All or nothing: a post that fails part-way (e.g. SQLite busy: the 503 page) has saved
    # nothing, so trying again never makes a duplicate.
    with transaction.atomic():
        return comments_post_comment(request, next=_back_to(request, week))


def _own_comment(request, comment_id):
    comment = get_object_or_404(DialogueComment, pk=comment_id, user=request.user, is_removed=False)
    if timezone.now() - comment.submit_date > timedelta(seconds=app_settings.DISCUSSION_EDIT_WINDOW):
        return comment, Refusal(
            _("Comments can be changed for %(minutes)s minutes after posting; this one can no longer be changed.")
            % {"minutes": app_settings.DISCUSSION_EDIT_WINDOW // 60}
        )
    return comment, None


def _member_comment(request, comment_id):
    """A visible comment of a week's discussion, and why the reader may not react to it (or None)."""
    comment = get_object_or_404(DialogueComment, pk=comment_id, is_public=True, is_removed=False)
    week = comment.content_object
    if not isinstance(week, WeeklyQuestionPage):
        raise Http404
    return comment, week, member_refusal(request.user)


@require_POST
def like_comment(request, comment_id):
    """Toggle the member's “like” on a comment."""
    comment, week, refusal = _member_comment(request, comment_id)
    if refusal and refusal.login_required:
        return redirect_to_login(_back_to(request, week), login_url=settings.LOGIN_URL)
    if refusal:
        return refuse(request, refusal)
    flag, created = CommentFlag.objects.get_or_create(comment=comment, user=request.user, flag=LIKEDIT_FLAG)
    if not created:
        flag.delete()
    announce_change([comment.pk])  # its like count is on the page
    return redirect(_back_to(request, week, f"c{comment.pk}"))


def report_comment(request, comment_id):
    """Report a comment to the moderators, with an optional reason."""
    comment, week, refusal = _member_comment(request, comment_id)
    if refusal and refusal.login_required:
        return redirect_to_login(request.get_full_path(), login_url=settings.LOGIN_URL)
    if refusal:
        return refuse(request, refusal)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flag, created = CommentFlag.objects.get_or_create(
            comment=comment, user=request.user, flag=CommentFlag.SUGGEST_REMOVAL
        )
        if created:
            # The report is recorded here; django-comments-xtd's moderator (see receivers)
            # hears of the flag and queues the moderators' emails.
            record_report(comment, request.user, form.cleaned_data["reason"])
            comment_was_flagged.send(
                sender=DialogueComment, comment=comment, flag=flag, created=created, request=request
            )
        messages.success(request, _("Thank you. The moderators have been told about this comment."))
        return redirect(_back_to(request, week, f"c{comment.pk}"))
    return render(
        request,
        "dialogue_pages/discussion/report.html",
        {"form": form, "comment": comment, "week": week, "next": _back_to(request, week, f"c{comment.pk}")},
    )


@login_required
def edit_comment(request, comment_id):
    """Let an author correct their comment within the edit window; the thread then shows “edited”."""
    comment, refusal = _own_comment(request, comment_id)
    if refusal:
        return refuse(request, refusal)
    form = CommentEditForm(request.POST or None, initial={"comment": comment.comment})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            comment.comment = form.cleaned_data["comment"]
            comment.edited_at = timezone.now()
            comment.save(update_fields=["comment", "edited_at"])
            ModerationEvent.objects.create(comment=comment, action=ModerationEvent.Action.EDITED, actor=request.user)
            announce_change([comment.pk])
        messages.success(request, _("Your comment has been updated."))
        return redirect(_back_to(request, comment.content_object, f"c{comment.pk}"))
    return render(request, "dialogue_pages/discussion/edit.html", {"form": form, "comment": comment})


@login_required
def delete_comment(request, comment_id):
    """Let an author withdraw their comment within the edit window; replies keep their place."""
    comment, refusal = _own_comment(request, comment_id)
    if refusal:
        return refuse(request, refusal)
    if request.method == "POST":
        with transaction.atomic():
            comment.is_removed = True
            comment.deleted_by_author = True
            comment.save(update_fields=["is_removed", "deleted_by_author"])
            ModerationEvent.objects.create(comment=comment, action=ModerationEvent.Action.DELETED, actor=request.user)
            announce_change([comment.pk])
        messages.success(request, _("Your comment has been deleted."))
        return redirect(_back_to(request, comment.content_object))
    return render(request, "dialogue_pages/discussion/delete.html", {"comment": comment})


def _week_for_reader(comment):
    """The live week page a comment is on, in the reader's language when that translation is live."""
    week = comment.content_object
    if not isinstance(week, WeeklyQuestionPage) or not week.live:
        return None
    return comment.readers_page  # its live translation, else the week under the reader's prefix


def _readable(request, week):
    """Whether the reader may see the week's page (its view restrictions, if any, accept them)."""
    return all(restriction.accept_request(request) for restriction in week.get_view_restrictions())


def comment_link(request, comment_id):
    """A link to one comment (emails, search results, "show me") that always lands on the page that
    holds it: the week's page of threads that shows it, or its thread's later replies."""
    comment = get_object_or_404(DialogueComment, pk=comment_id)
    week = _week_for_reader(comment)
    if week is None:
        raise Http404
    if not comment.is_public:
        return HttpResponseRedirect(f"{week.url}#discussion")
    page_number, after = comment_location(comment)
    if page_number is not None:
        query = f"?page={page_number}" if page_number > 1 else ""
        return HttpResponseRedirect(f"{week.url}{query}#c{comment.pk}")
    return HttpResponseRedirect(
        f"{reverse('discussion-thread', args=[comment.thread_id])}?after={after}#c{comment.pk}"
    )


def thread_more_replies(request, thread_id):
    """A thread's later replies, in batches: a page of its own without JavaScript, or (``?fragment=1``)
    just the comments, which the week's page inserts in place of its "show more replies" link."""
    top = get_object_or_404(DialogueComment, pk=thread_id, thread_id=thread_id)
    week = _week_for_reader(top)
    if week is None:
        raise Http404
    if not _readable(request, week):
        return redirect_to_login(week.url, login_url=settings.LOGIN_URL)
    try:
        after = max(int(request.GET.get("after", 0)), 0)
    except ValueError:
        after = 0
    comments, language = thread_replies(top, request, after)
    context = {
        "comments": comments,
        "week": week,
        "top": top,
        "language_filter": language,
        "reply_base": week.url,
        "return_path": "",
        "can_reply": posting_refusal(request.user, week) is None,
    }
    if request.GET.get("fragment"):
        return render(request, "dialogue_pages/discussion/comment_list.html", context)
    return render(request, "dialogue_pages/discussion/thread.html", context)
