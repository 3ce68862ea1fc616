"""Public webinar views: send a question to the panel, the live list of questions, caption files,
and the calendar files of webinars and dialogues."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from wagtail.models import Page

from ..discussion.rules import member_refusal
from ..models import DialoguePage, WebinarPage
from .audience import ask, question_refusal
from .forms import AudienceQuestionForm


def live_public_page_at(request, page_path):
    """The live page of this site at ``page_path`` that anyone may read, as its specific class; or 404."""
    page = Page.find_for_request(request, "/" + page_path)
    if page is None or not page.live or page.get_view_restrictions().exists():
        raise Http404
    return page.specific


def _webinar(page_id):
    webinar = WebinarPage.objects.live().public().filter(pk=page_id).first()
    if webinar is None:
        raise Http404
    return webinar


def _refuse(request, webinar, message, status, form=None):
    """The reason, any form errors, and the member's question kept so nothing they wrote is lost."""
    return render(
        request,
        "dialogue_pages/webinar/question_refused.html",
        {"webinar": webinar, "message": message, "form": form, "text": request.POST.get("text", "")},
        status=status,
    )


@require_POST
def ask_question(request, page_id):
    """A member sends a question to the webinar's panel; it waits for the moderator."""
    webinar = _webinar(page_id)
    refusal = question_refusal(request.user, webinar)
    if refusal and refusal.login_required:
        return redirect_to_login(f"{webinar.url}#questions", login_url=settings.LOGIN_URL)
    if refusal:
        return _refuse(request, webinar, refusal.message, status=403)
    form = AudienceQuestionForm(request.POST)
    if not form.is_valid():
        return _refuse(request, webinar, _("Please correct your question."), status=400, form=form)
    ask(webinar, request.user, form.cleaned_data["text"])
    messages.success(request, _("Thank you. Your question has gone to the moderator of the panel."))
    return redirect(f"{webinar.url}#questions")


@require_safe
@cache_control(max_age=5, public=True)
def question_list(request, page_id):
    """The questions put to the panel, as the HTML fragment the live page refreshes itself with."""
    webinar = _webinar(page_id)
    return render(
        request,
        "dialogue_pages/webinar/question_list.html",
        {"page": webinar, "shown_questions": list(webinar.shown_questions())},
    )


@require_safe
def page_captions(request, page_path, language):
    """``<webinar url>captions-<language>.vtt``: a recording's captions, served as WebVTT."""
    webinar = live_public_page_at(request, page_path)
    if not isinstance(webinar, WebinarPage):
        raise Http404
    caption = webinar.captions.filter(language=language).select_related("file").first()
    if caption is None:
        raise Http404
    try:
        with caption.file.file.open("rb") as source:
            content = source.read()
    except OSError as error:
        raise Http404 from error
    return HttpResponse(content, content_type="text/vtt; charset=utf-8")


@require_safe
def page_calendar(request, page_path, name):
    """``<webinar url>event.ics``, ``<dialogue url>calendar.ics`` and a member's ``<webinar url>my-event.ics``.

    Wagtail's page URLs cannot end in a file name, so this view finds the page at
    ``page_path`` as Wagtail would (live pages of this site) and asks it for its calendar.
    The public files say to join from the webinar's page; only a confirmed member's own
    file (``my-event.ics``, never cached by a shared cache) carries the join link.
    """
    page = live_public_page_at(request, page_path)
    if name == "event" and isinstance(page, WebinarPage):
        return page.event_ics(request)
    if name == "calendar" and isinstance(page, DialoguePage):
        return page.calendar_ics(request)
    if name == "my-event" and isinstance(page, WebinarPage):
        refusal = member_refusal(request.user)
        if refusal and refusal.login_required:
            return redirect_to_login(request.get_full_path(), login_url=settings.LOGIN_URL)
        if refusal:
            return render(
                request,
                "dialogue_pages/webinar/members_only.html",
                {"message": refusal.message, "page": page},
                status=403,
            )
        return page.member_event_ics(request)
    raise Http404
