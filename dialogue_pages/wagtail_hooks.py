"""Admin registrations for Virtual Dialogues: the *Dialogues* menu (comment queue, webinar
questions, people), the moderation permission and the translation status report."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .discussion.queue import ModerationQueueViewSet
from .discussion.roles import ModeratorPermissionPolicy
from .models import AudienceQuestion, DialogueComment, Person
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
