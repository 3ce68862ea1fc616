"""Who gets which email: confirmed members who have not turned that kind off."""

from members.permissions import confirmed_members

from .models import EmailKind, EmailPreferences


def members_who_want(kind):
    """Confirmed members who want emails of ``kind`` (a member without preferences wants every kind).

    Read when each batch is chosen, so a member who unsubscribes is left out from then on.
    """
    kind = EmailKind(kind).value
    return confirmed_members().exclude(**{f"email_preferences__{kind}": False})


def wants(member, kind):
    """Whether ``member`` (still) wants emails of ``kind``: read from the database, never from a cached object."""
    preferences = EmailPreferences.objects.filter(user_id=member.pk).first()
    return preferences is None or preferences.wants(kind)


def preferences_of(member):
    """The member's preferences, saved or (not chosen yet) the unsaved defaults."""
    return EmailPreferences.objects.filter(user_id=member.pk).first() or EmailPreferences(user=member)


def turn_off(member, kind):
    """Stop emails of ``kind`` to ``member`` at once (an unsubscribe link, the preferences page)."""
    preferences = preferences_of(member)
    setattr(preferences, EmailKind(kind).value, False)
    preferences.save()
    return preferences
