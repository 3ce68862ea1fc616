"""Membership follows the account: confirming an email address makes a member."""

from allauth.account.signals import email_confirmed

from django.contrib.auth.models import Group
from django.dispatch import receiver

MEMBERS_GROUP = "Members"


@receiver(email_confirmed, dispatch_uid="members.add_confirmed_user_to_members")
def add_confirmed_user_to_members(sender, request, email_address, **kwargs):
    """Put the account whose address was just confirmed into the Members group."""
    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
    email_address.user.groups.add(group)
