"""Membership follows the account: confirming an email address makes a member.

``account_deleting`` lets other apps act on a member's data before the account goes,
without this app knowing them (it imports no other app of the project).
"""

from allauth.account.signals import email_confirmed

from django.contrib.auth.models import Group
from django.dispatch import Signal, receiver

MEMBERS_GROUP = "Members"

account_deleting = Signal()
"""Sent with ``sender`` (the user model) and ``user`` just before a member deletes their own
account, inside the same transaction: a receiver's writes are undone if the deletion fails,
and an exception in a receiver stops the deletion."""


@receiver(email_confirmed, dispatch_uid="members.add_confirmed_user_to_members")
def add_confirmed_user_to_members(sender, request, email_address, **kwargs):
    """Put the account whose address was just confirmed into the Members group."""
    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
    email_address.user.groups.add(group)
