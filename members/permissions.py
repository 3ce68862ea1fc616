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
