"""Who may send announcements to members: one Django permission, checked here and nowhere else.

``SEND_PERMISSION`` is held directly or through a group (a migration creates the
"Announcement senders" group with it; administrators may give it to any group in
*Settings › Groups*). Never a group's name: taking the permission away takes the role away. The admin views, the button
on a dialogue's page in the admin and the tests all ask ``can_send_announcements``.
"""

SEND_PERMISSION = "mailings.send_announcement"


def can_send_announcements(user):
    """Whether ``user`` may write, test and send announcements: an active account holding ``SEND_PERMISSION``."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm(SEND_PERMISSION)
