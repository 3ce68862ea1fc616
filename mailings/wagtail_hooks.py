"""Admin registrations: the announcements' pages, the *Announce by email* button on a dialogue's
page, and the permission that allows it (given to groups in *Settings › Groups*)."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from dialogue_pages.models import DialoguePage

from . import admin_urls
from .roles import can_send_announcements


@hooks.register("register_admin_urls")
def register_announcement_urls():
    return [path("announcements/", include(admin_urls, namespace="mailings_admin"))]


@hooks.register("register_permissions")
def register_send_permission():
    """Let administrators give the sending permission to a group in Settings › Groups."""
    return Permission.objects.filter(content_type__app_label="mailings", codename="send_announcement")


@hooks.register("register_page_header_buttons")
def announce_button(page, user, view_name, next_url=None):
    """On a dialogue's page in the admin, for those who may send announcements."""
    if issubclass(page.specific_class or object, DialoguePage) and can_send_announcements(user):
        yield Button(
            _("Announce by email"),
            url=reverse("mailings_admin:list", args=[page.pk]),
            icon_name="mail",
            priority=80,
        )
