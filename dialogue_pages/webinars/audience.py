"""The webinar audience: who sees the join link and the live stream, who may ask the panel, and when.

The rules live here once, for the page, the posting view and the admin queue.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Site

from ..conf import app_settings
from ..discussion.rules import Refusal, is_confirmed_member, member_refusal
from ..models import AudienceQuestion, WebinarPage
from ..models.page_context import provides_context_for
from ..models.people import localized_people
from ..models.webinars import WebinarPhase
from ..signals import page_content_changed
from .forms import AudienceQuestionForm
from .structured_data import image_url, webinar_structured_data

Status = AudienceQuestion.Status
MODERATOR_DECISIONS = [Status.ASKED, Status.ANSWERED, Status.DECLINED]


def question_refusal(user, webinar, now=None):
    """Why ``user`` may not send a question to ``webinar``'s panel now, or None when they may."""
    now = now or timezone.now()
    if now >= webinar.ends_at:
        return Refusal(_("This webinar has ended; questions to the panel are closed."))
    if now < webinar.questions_open_at:
        return Refusal(
            _("Questions to the panel open on %(date)s (UTC).")
            % {"date": date_format(webinar.questions_open_at, "DATETIME_FORMAT")}
        )
    refusal = member_refusal(user)
    if refusal and refusal.login_required:
        return Refusal(_("Log in as a member to send a question to the panel."), login_required=True)
    if refusal:
        return refusal
    limit = app_settings.WEBINAR_QUESTION_RATE_LIMIT
    window = app_settings.WEBINAR_QUESTION_RATE_WINDOW
    recent = AudienceQuestion.objects.filter(author=user, submitted_at__gte=now - timedelta(seconds=window)).count()
    if recent >= limit:
        return Refusal(
            _("You have sent %(count)s questions in the last %(minutes)s minutes. Please wait a little.")
            % {"count": recent, "minutes": window // 60}
        )
    return None


def ask(webinar, user, text):
    """Send ``text`` to the moderator of ``webinar``'s panel (the shared, default-language page)."""
    return AudienceQuestion.objects.create(
        webinar=webinar.questions_page, author=user, text=text, language=get_language() or settings.LANGUAGE_CODE
    )


def set_status(question, status, moderator):
    """Record a moderator's decision; the webinar's pages then show the question (or stop showing it)."""
    if status not in MODERATOR_DECISIONS:
        raise ValueError(status)
    with transaction.atomic():
        question.status, question.moderated_by, question.moderated_at = status, moderator, timezone.now()
        question.save(update_fields=["status", "moderated_by", "moderated_at"])
        # The page caches forget this webinar and its translations (they share the questions).
        webinar = question.webinar
        transaction.on_commit(lambda: page_content_changed.send(sender=type(webinar), page=webinar))
    return question


@provides_context_for(WebinarPage)
def webinar_context(webinar, request):
    """What a webinar page shows the reader now: phase, join link, stream, questions, structured data."""
    now = timezone.now()
    user = request.user
    panellists = list(webinar.panellists.all())  # with their people when routed (prefetch_when_routed)
    people = localized_people((link.person for link in panellists), webinar.locale_id)
    for link, person in zip(panellists, people, strict=True):
        link.person = person
    # Before the end, everyone is told whether and when they can ask; afterwards the list is kept.
    refusal = question_refusal(user, webinar, now) if now < webinar.ends_at else None
    site = Site.find_for_request(request) or webinar.get_site()
    phase = webinar.phase(now)
    confirmed = is_confirmed_member(user)
    # The join link and the live stream: for confirmed members, shortly before the start until the end.
    watch = confirmed and webinar.join_link_open(now)
    share_image = image_url(webinar, request)
    return {
        "phase": phase,
        "panellists": panellists,
        "join_link": webinar.join_url if watch else "",
        # A calendar file of their own, with the join link, for confirmed members (not cached for others).
        "member_calendar": confirmed,
        "live_stream": webinar.live_embed if watch and phase == WebinarPhase.LIVE else None,
        "live_stream_url": webinar.live_stream_url if watch and phase == WebinarPhase.LIVE else "",
        "question_refusal": refusal,
        "question_form": AudienceQuestionForm() if webinar.questions_open(now) and refusal is None else None,
        "shown_questions": list(webinar.shown_questions()),
        "chapters": [(chapter, webinar.moment_url(chapter.seconds)) for chapter in webinar.sorted_chapters],
        "transcript": [
            (line, webinar.moment_url(line.seconds) if line.seconds is not None else "")
            for line in webinar.transcript_lines
        ],
        "captions": webinar.captions.all() if webinar.recording_media_id else [],
        "questions_refresh_seconds": app_settings.WEBINAR_LIVE_REFRESH_SECONDS,
        "share_image_url": share_image,
        "structured_data": webinar_structured_data(
            webinar, request, panellists, site.site_name if site else "", share_image
        ),
    }
