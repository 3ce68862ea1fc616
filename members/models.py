"""The site's user model."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person with an account: a member, a moderator or staff.

    A project-owned user model from the first migration, so that membership
    (profiles, preferred language) can grow without a user-model swap later.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
