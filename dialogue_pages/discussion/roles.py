"""Who moderates the discussion: one Django permission, checked here and nowhere else.

The role is ``MODERATE_PERMISSION``, held directly or through a group (the
"Discussion moderators" group holds it; administrators may give it to any group in
*Settings › Groups*). Wagtail's own page "Moderators" group approves pages and grants
nothing in the discussion. Views, admin menu items and the public "Moderator" badge all
ask the two functions below, so taking the permission away takes the whole role away.

Staff who run a dialogue (plan a new one, follow its checklist, draft its report) need no
role of their own: Wagtail's page permissions decide, asked by the functions at the end.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

from wagtail.permission_policies import ModelPermissionPolicy

MODERATE_PERMISSION = "dialogue_pages.moderate_dialoguecomment"
# The group that grants the role in a new site and the demo (created by a migration).
DISCUSSION_MODERATORS_GROUP = "Discussion moderators"


def is_moderator(user):
    """Whether ``user`` may moderate discussions: an active account holding ``MODERATE_PERMISSION``.

    The one check of the role, used by the admin views, their menu items and (through
    ``moderators()``) the public badge. A group grants it only by holding the permission
    (the "Discussion moderators" group does); Wagtail's page "Moderators" group does not.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(MODERATE_PERMISSION)


def moderators():
    """Active moderators, as a queryset of users: superusers and holders of ``MODERATE_PERMISSION``.

    The same rule as ``is_moderator``, in SQL (Django's ``ModelBackend`` grants a
    permission held directly or through a group), so it can be filtered or used in a
    subquery such as the comments' moderator badge.
    """
    app_label, codename = MODERATE_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    User = get_user_model()
    through_group = User.groups.through.objects.filter(group__permissions__in=permission).values("user_id")
    held_directly = User.user_permissions.through.objects.filter(permission__in=permission).values("user_id")
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(pk__in=through_group) | Q(pk__in=held_directly)
    )


def is_moderator_expression(user_field="user_id"):
    """An ``Exists`` expression: whether the account in ``user_field`` of each row is a moderator."""
    return Exists(moderators().filter(pk=OuterRef(user_field)))


class ModeratorPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's permission policy for the moderation viewsets (comments, audience questions).

    Moderators may *view* them (the listings, their filters and exports); nobody adds,
    edits or deletes them in the admin: moderators decide through their own actions,
    which check ``is_moderator`` themselves. Viewsets ask this policy whether to show
    their menu item and whether to serve a view.
    """

    VIEW_ACTIONS = {"view"}

    def user_has_permission(self, user, action):
        return action in self.VIEW_ACTIONS and is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.VIEW_ACTIONS & set(actions)) and is_moderator(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        return manager.all() if self.user_has_any_permission(user, actions) else manager.none()

    def users_with_any_permission(self, actions, include_superusers=True):
        return moderators() if self.VIEW_ACTIONS & set(actions) else get_user_model().objects.none()


# Staff who run dialogues in the admin: Wagtail's page permissions, asked here and nowhere else.


def is_admin_user(user):
    """An active account that may use the Wagtail admin."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")
    )


def can_plan_dialogues(user, index):
    """Whether ``user`` may make a new dialogue under ``index`` (the dialogue index): whoever may
    add pages there, as Wagtail's page permissions say (Settings › Groups › Page permissions)."""
    return is_admin_user(user) and index.permissions_for_user(user).can_add_subpage()


def can_prepare_dialogue(user, dialogue):
    """Whether ``user`` may see a dialogue's checklist: whoever may edit the dialogue's page."""
    return is_admin_user(user) and dialogue.permissions_for_user(user).can_edit()


def can_draft_report(user, dialogue, report=None):
    """Whether ``user`` may draft ``dialogue``'s report: edit its ``report``, or add one if it has none."""
    if not is_admin_user(user):
        return False
    if report is not None:
        return report.permissions_for_user(user).can_edit()
    return dialogue.permissions_for_user(user).can_add_subpage()
