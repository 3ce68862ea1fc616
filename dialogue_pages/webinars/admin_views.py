"""The moderator's decision on an audience question (the listing is ``questions_admin``).

Only moderators may act (403 otherwise): marking a question as asked or answered shows
it on the webinar's pages (in every language), declining keeps it off.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages

from ..discussion.roles import is_moderator
from ..models import AudienceQuestion
from .audience import MODERATOR_DECISIONS, set_status

Status = AudienceQuestion.Status


@require_POST
def moderate_question(request, question_id, status):
    """Mark one question as asked, answered or declined, then go back to the queue."""
    if not is_moderator(request.user):
        raise PermissionDenied
    question = get_object_or_404(AudienceQuestion.objects.select_related("webinar"), pk=question_id)
    if status not in MODERATOR_DECISIONS:
        messages.error(request, _("That is not a decision a moderator can take on a question."))
    else:
        set_status(question, status, request.user)
        messages.success(
            request, _("Question #%(id)s: %(status)s.") % {"id": question.pk, "status": Status(status).label}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("webinar_questions:webinar", args=[question.webinar_id])
    return redirect(target)
