"""Admin registrations for Virtual Dialogues: the People snippets and discussion moderation."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .discussion.queue import ModerationQueueViewSet
from .discussion.roles import ModeratorPermissionPolicy, is_moderator
from .models import DialogueComment, Person
from .translation_status import EDIT_ACTIONS, TranslationStatusView
from .webinars import admin_urls as question_urls


class PersonViewSet(SnippetViewSet):
    """Panellists, moderators and authors, in the admin's Snippets menu with its own icon."""

    model = Person
    icon = "user"
    menu_label = _("People")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "role", "organisation", "country"]


register_snippet(PersonViewSet)


register_permission_policy(DialogueComment, ModeratorPermissionPolicy(DialogueComment))


@hooks.register("register_admin_viewset")
def register_moderation_queue():
    return ModerationQueueViewSet()


class ModerationMenuItem(MenuItem):
    """Shown to moderators only; the views themselves refuse everyone else."""

    def is_shown(self, request):
        return is_moderator(request.user)


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
def register_webinar_question_urls():
    return [path("webinar-questions/", include((question_urls.urlpatterns, question_urls.app_name)))]


@hooks.register("register_admin_menu_item")
def register_webinar_question_menu_item():
    return ModerationMenuItem(
        _("Webinar questions"),
        reverse("webinar_questions:list"),
        name="webinar-questions",
        icon_name="help",
        order=265,
    )
