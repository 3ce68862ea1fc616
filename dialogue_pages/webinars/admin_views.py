"""The audience-question queue in the Wagtail admin: moderators put members' questions to the panel.

Only moderators may open these pages or act (403 otherwise). A webinar's queue
lists its questions by status; marking one as asked or answered shows it on the
webinar's pages (in every language), declining keeps it off.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.models import Locale

from ..discussion.admin_views import ModerationAdminView
from ..discussion.roles import is_moderator
from ..models import AudienceQuestion, WebinarPage
from .audience import MODERATOR_DECISIONS, set_status

QUESTIONS_PER_PAGE = 50
Status = AudienceQuestion.Status


def webinars_with_counts():
    """Webinars in the default language (where questions attach), newest first, with a count per status."""
    counts = {
        status: Count("audience_questions", filter=Q(audience_questions__status=status)) for status in Status.values
    }
    return (
        WebinarPage.objects.filter(locale=Locale.get_default())
        .defer_streamfields()
        .annotate(**counts)
        .order_by("-starts_at")
    )


class WebinarListView(ModerationAdminView):
    """Every webinar with how many questions wait, were asked, answered or declined."""

    template_name = "dialogue_pages/admin/webinar_list.html"
    page_title = gettext_lazy("Webinar questions")
    header_icon = "help"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["webinars"] = webinars_with_counts()
        return context


class WebinarQuestionsView(ModerationAdminView):
    """One webinar's questions with one status, oldest first, with the moderator's actions."""

    template_name = "dialogue_pages/admin/webinar_questions.html"
    header_icon = "help"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.webinar = get_object_or_404(WebinarPage, pk=kwargs["page_id"]).questions_page
        self.status = request.GET.get("status", Status.PENDING)
        if self.status not in Status.values:
            self.status = Status.PENDING

    def get_page_title(self):
        return _("Webinar questions")

    def get_page_subtitle(self):
        return self.webinar.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("webinar_questions:list"), "label": _("Webinar questions")},
            {"url": "", "label": self.webinar.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = self.webinar.audience_questions.select_related("author", "moderated_by")
        counts = dict(questions.order_by().values_list("status").annotate(count=Count("pk")))
        page_obj = WagtailPaginator(questions.filter(status=self.status), QUESTIONS_PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        context.update(
            {
                "webinar": self.webinar,
                "status": self.status,
                "tabs": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
                "questions": page_obj,
                "decisions": [(value, Status(value).label) for value in MODERATOR_DECISIONS],
            }
        )
        return context


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
