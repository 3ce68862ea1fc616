"""Who counts as a member of the community, for code in any app to ask."""

from allauth.account.models import EmailAddress


def is_confirmed_member(user):
    """True for a logged-in, active account whose primary email address is confirmed.

    Only confirmed members take part in dialogues; an account that has registered
    but not yet followed the link in its confirmation email may only read.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return EmailAddress.objects.filter(user=user, primary=True, verified=True).exists()


def confirmed_members():
    """Every confirmed member, as a queryset of users: ``is_confirmed_member`` in SQL.

    For code that writes to members in bulk (announcements, reminders): only active accounts
    whose primary address is confirmed, so nothing is ever sent to an unconfirmed address.
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, verified=True)
    return get_user_model().objects.filter(is_active=True).exclude(email="").filter(Exists(confirmed))
