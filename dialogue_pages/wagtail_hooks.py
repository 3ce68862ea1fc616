"""Admin registrations for Virtual Dialogues: the *Dialogues* menu (comment queue, webinar
questions, people), the moderation permission and the translation status report."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .discussion.queue import ModerationQueueViewSet
from .discussion.roles import ModeratorPermissionPolicy, can_draft_report, can_plan_dialogues, can_prepare_dialogue
from .models import AudienceQuestion, DialogueComment, DialoguePage, Person
from .planning import admin_urls as planning_urls
from .translation_status import EDIT_ACTIONS, TranslationStatusView
from .webinars.questions_admin import AudienceQuestionViewSet


class PersonViewSet(SnippetViewSet):
    """Panellists, moderators and authors: a translatable snippet, filterable and exportable."""

    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "role", "organisation", "country"]
    list_filter = {"organisation": ["icontains"], "country": ["icontains"]}
    list_export = ["name", "role", "organisation", "country", "locale"]
    export_headings = {"locale": _("Language")}


class DialoguesAdminGroup(ViewSetGroup):
    """One admin menu for running dialogues: the comment queue, the webinar questions, the people.

    Each item shows only to those its permission policy allows: moderators see the two
    queues, editors the people.
    """

    menu_label = _("Dialogues")
    menu_icon = "group"
    menu_order = 250
    items = (ModerationQueueViewSet, AudienceQuestionViewSet, PersonViewSet)


register_permission_policy(DialogueComment, ModeratorPermissionPolicy(DialogueComment))
register_permission_policy(AudienceQuestion, ModeratorPermissionPolicy(AudienceQuestion))
register_snippet(DialoguesAdminGroup)


@hooks.register("register_permissions")
def register_moderation_permission():
    """Let administrators give the moderation permission to a group in Settings › Groups."""
    return Permission.objects.filter(content_type__app_label="dialogue_pages", codename="moderate_dialoguecomment")


@hooks.register("register_admin_urls")
def register_translation_status_url():
    view = TranslationStatusView
    return [
        path("translation-status/", view.as_view(), name="dialogue_translation_status"),
        path(
            "translation-status/results/",
            view.as_view(results_only=True),
            name="dialogue_translation_status_results",
        ),
    ]


class TranslationStatusMenuItem(MenuItem):
    """Shown to those who may edit pages, as Wagtail's page reports are; the view refuses everyone else."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, EDIT_ACTIONS)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("dialogue_translation_status"),
        name="dialogue-translation-status",
        icon_name="globe",
        order=900,
    )


@hooks.register("register_admin_urls")
def register_planning_urls():
    return [path("dialogue-planning/", include(planning_urls, namespace="dialogue_planning"))]


def planning_buttons(page, user, priority):
    """A dialogue's checklist, “New dialogue from this one” and “Draft the report”, for those who may."""
    if page.specific_class is not DialoguePage:
        return
    dialogue = page.specific_deferred
    if can_prepare_dialogue(user, dialogue):
        yield Button(
            _("Checklist"),
            reverse("dialogue_planning:checklist", args=[page.pk]),
            icon_name="tasks",
            priority=priority,
        )
    if can_plan_dialogues(user, page.get_parent()):
        yield Button(
            _("New dialogue from this one"),
            reverse("dialogue_planning:new_dialogue", args=[page.pk]),
            icon_name="copy",
            priority=priority + 1,
        )
    # The view asks again, knowing whether the report exists (editing it may be allowed when adding is not).
    if can_draft_report(user, dialogue):
        yield Button(
            _("Draft the report"),
            reverse("dialogue_planning:draft_report", args=[page.pk]),
            icon_name="doc-full",
            priority=priority + 2,
        )


@hooks.register("register_page_header_buttons")
def dialogue_header_buttons(page, user, view_name, next_url=None):
    yield from planning_buttons(page, user, priority=35)


@hooks.register("register_page_listing_more_buttons")
def dialogue_listing_buttons(page, user, next_url=None):
    yield from planning_buttons(page, user, priority=25)
