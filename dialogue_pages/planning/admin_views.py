"""The admin pages for running a dialogue: a new one from an earlier one, its checklist, its report draft.

Who may use them is asked of ``discussion.roles`` (Wagtail's page permissions); anyone else
gets 403, a dialogue that does not exist 404, a method other than GET or POST 405.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.actions.copy_page import CopyPagePermissionError
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..discussion.exports import DialogueDiscussion
from ..discussion.roles import can_draft_report, can_plan_dialogues, can_prepare_dialogue
from ..models import DialoguePage
from ..models.dialogues import in_default_language
from .checklist import checklist
from .copying import DialoguePlan, copy_dialogue, next_number
from .forms import NewDialogueForm
from .report_draft import draft_report, picks, report_of


class DialogueAdminView(WagtailAdminTemplateMixin):
    """A page about one dialogue (in the default language, where its discussion is), for those
    ``allowed`` lets in."""

    header_icon = "group"
    http_method_names = ["get", "post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.dialogue = in_default_language(get_object_or_404(DialoguePage, pk=kwargs["dialogue_id"])).specific

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.dialogue.number_label}: {self.dialogue.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_explore", args=[self.dialogue.pk]), "label": self.dialogue.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dialogue"] = self.dialogue
        return context


class NewDialogueView(DialogueAdminView, FormView):
    """Copy this dialogue's structure into a new one, dated from the day staff choose."""

    template_name = "dialogue_pages/admin/planning/new_dialogue.html"
    form_class = NewDialogueForm
    page_title = gettext_lazy("New dialogue from this one")

    def allowed(self, user):
        return can_plan_dialogues(user, self.dialogue.get_parent())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "index": self.dialogue.get_parent()}

    def get_initial(self):
        return {"title": self.dialogue.title, "number": next_number(self.dialogue.get_parent())}

    def form_valid(self, form):
        plan = DialoguePlan(source=self.dialogue, **form.cleaned_data)
        try:
            dialogue = copy_dialogue(plan, self.request.user)
        except CopyPagePermissionError as error:
            raise PermissionDenied from error
        messages.success(
            self.request,
            _("“%(title)s” was created as a draft with its weeks, webinars and report. Here is what is still missing.")
            % {"title": dialogue.title},
        )
        return redirect("dialogue_planning:checklist", dialogue_id=dialogue.pk)


class ChecklistView(DialogueAdminView, TemplateView):
    """What is still missing before the dialogue opens, each with a link to fix it."""

    template_name = "dialogue_pages/admin/planning/checklist.html"
    page_title = gettext_lazy("Checklist")
    http_method_names = ["get"]

    def allowed(self, user):
        return can_prepare_dialogue(user, self.dialogue)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = checklist(self.dialogue)
        context.update(
            {
                "tasks": tasks,
                "remaining": sum(1 for task in tasks if not task.done),
                "can_plan": can_plan_dialogues(self.request.user, self.dialogue.get_parent()),
            }
        )
        return context


class DraftReportView(DialogueAdminView, TemplateView):
    """Shows how many picks the draft will quote (GET), then drafts the report (POST)."""

    template_name = "dialogue_pages/admin/planning/draft_report.html"
    page_title = gettext_lazy("Draft the report")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.report = report_of(self.dialogue)

    def allowed(self, user):
        return can_draft_report(user, self.dialogue, self.report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"report": self.report, "pick_count": picks(DialogueDiscussion(self.dialogue)).count()})
        return context

    def post(self, request, *args, **kwargs):
        report, quotes = draft_report(self.dialogue, request.user, timezone.localdate())
        messages.success(
            request,
            _("The report’s draft quotes %(count)s moderators’ picks. Edit it, then publish it when it is ready.")
            % {"count": quotes},
        )
        return redirect("wagtailadmin_pages:edit", report.pk)
