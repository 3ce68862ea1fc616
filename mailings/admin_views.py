"""Announcements in the Wagtail admin: write (per language), preview, test, send, follow progress.

Reached from a dialogue's page in the admin (the *Announce by email* button, see
``wagtail_hooks.py``). Every view refuses (403) anyone ``roles.can_send_announcements`` does
not allow, whatever the method; their URLs are in ``admin_urls.py``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from dialogue_pages.models import DialoguePage
from dialogue_pages.models.dialogues import in_default_language

from . import announcements
from .forms import AnnouncementForm
from .models import Announcement
from .roles import can_send_announcements


def refuse_unless_announcer(request):
    """The one check of every view here: 403 for anyone who may not send announcements."""
    if not can_send_announcements(request.user):
        raise PermissionDenied


class AnnouncementAdminView(WagtailAdminTemplateMixin):
    """An admin page about one dialogue's announcements (``dialogue_id``) or one announcement (``pk``)."""

    header_icon = "mail"
    announcement = None

    def dispatch(self, request, *args, **kwargs):
        refuse_unless_announcer(request)
        if "pk" in kwargs:
            self.announcement = get_object_or_404(Announcement.objects.select_related("dialogue"), pk=kwargs["pk"])
            self.dialogue = self.announcement.dialogue
        else:
            # Its translations share one list of announcements: the default language's page holds them.
            self.dialogue = in_default_language(get_object_or_404(DialoguePage, pk=kwargs["dialogue_id"]))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.dialogue.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.dialogue.pk]), "label": self.dialogue.title},
            {"url": reverse("mailings_admin:list", args=[self.dialogue.pk]), "label": _("Announcements")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dialogue=self.dialogue, announcement=self.announcement)
        return context


class AnnouncementListView(AnnouncementAdminView, TemplateView):
    """The dialogue's announcements, newest first, with how far each has been sent."""

    template_name = "mailings/admin/announcement_list.html"
    page_title = gettext_lazy("Announcements")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.dialogue.pk]), "label": self.dialogue.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = Announcement.objects.filter(dialogue=self.dialogue).select_related("created_by", "sent_by")
        context.update(
            announcements=[(item, announcements.progress(item)) for item in items],
            new_url=reverse("mailings_admin:new", args=[self.dialogue.pk]),
        )
        return context


class AnnouncementFormView(AnnouncementAdminView, FormView):
    """Write a new announcement, or change one not sent yet; saving leads to its preview."""

    form_class = AnnouncementForm
    template_name = "mailings/admin/announcement_form.html"

    def get(self, request, *args, **kwargs):
        if self.announcement is not None and self.announcement.status != Announcement.Status.DRAFT:
            return self.already_sent()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.announcement is not None and self.announcement.status != Announcement.Status.DRAFT:
            return self.already_sent()
        return super().post(request, *args, **kwargs)

    def already_sent(self):
        messages.error(self.request, _("This announcement has been sent: it can no longer be changed."))
        return redirect("mailings_admin:detail", self.announcement.pk)

    def get_page_title(self):
        return _("New announcement") if self.announcement is None else _("Edit announcement")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "announcement": self.announcement}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("mailings_admin:list", args=[self.dialogue.pk])
        return context

    def form_valid(self, form):
        announcement = self.announcement or Announcement(dialogue=self.dialogue, created_by=self.request.user)
        announcement.texts = form.texts
        announcement.save()
        messages.success(self.request, _("Announcement saved. Check the preview, send yourself a test, then send it."))
        return redirect("mailings_admin:detail", announcement.pk)


class AnnouncementDetailView(AnnouncementAdminView, TemplateView):
    """The announcement as members will read it in each language, and its sending: test, send, progress."""

    template_name = "mailings/admin/announcement_detail.html"

    def get_page_title(self):
        return self.announcement.text_in(self.request.LANGUAGE_CODE)["subject"] or _("Announcement")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        announcement = self.announcement
        written = announcement.own_languages
        previews = []
        for code, name in settings.LANGUAGES:
            message = announcements.compose(announcement, self.request.user, language=code)
            previews.append({"language": name, "own_text": code in written, "message": message})
        context.update(
            previews=previews,
            progress=announcements.progress(announcement),
            dialogue_is_public=announcements.dialogue_is_public(announcement),
            is_draft=announcement.status == Announcement.Status.DRAFT,
            is_sending=announcement.status == Announcement.Status.SENDING,
        )
        return context


@require_POST
def send_test(request, pk):
    """Send the announcement to the staff member themselves, once per language it is written in."""
    refuse_unless_announcer(request)
    announcement = get_object_or_404(Announcement, pk=pk)
    if not request.user.email:
        messages.error(request, _("Your account has no email address to send a test to."))
        return redirect("mailings_admin:detail", pk)
    languages = announcements.send_test(announcement, request.user)
    names = ", ".join(str(dict(settings.LANGUAGES)[code]) for code in languages)
    messages.success(
        request, _("Test sent to %(email)s in: %(languages)s.") % {"email": request.user.email, "languages": names}
    )
    return redirect("mailings_admin:detail", pk)


@require_POST
def send(request, pk):
    """Start sending to every member who wants announcements (background tasks, in batches)."""
    refuse_unless_announcer(request)
    announcement = get_object_or_404(Announcement, pk=pk)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm that the announcement goes to every member."))
    elif not announcements.dialogue_is_public(announcement):
        messages.error(request, _("Publish the dialogue's page first: members must be able to open its link."))
    elif announcements.start_sending(announcement, request.user):
        messages.success(request, _("Sending has started. This page shows how far it has gone."))
    else:
        messages.warning(request, _("This announcement has already been sent."))
    return redirect("mailings_admin:detail", pk)


@require_POST
def resume(request, pk):
    """Carry on sending an announcement whose sending stopped; nobody gets it twice."""
    refuse_unless_announcer(request)
    announcement = get_object_or_404(Announcement, pk=pk)
    if announcements.resume(announcement):
        messages.success(request, _("Sending has resumed."))
    else:
        messages.warning(request, _("This announcement is not being sent."))
    return redirect("mailings_admin:detail", pk)
