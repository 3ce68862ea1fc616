"""The site's user model and a member's public profile."""

from django_countries.fields import CountryField

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """The kinds of organisation a member may say they belong to, in the concept note's own words
    (who a dialogue is open to, and the knowledge it wants to promote)."""

    GRASSROOTS = "grassroots", _("Grassroots women’s organisation")
    CIVIL_SOCIETY = "civil_society", _("Other civil society organisation or NGO")
    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia or research institution")
    UN_SYSTEM = "un_system", _("UN Women, UN system or other international organisation")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    INDEPENDENT = "independent", _("Independent expert or practitioner")
    OTHER = "other", _("Other")


class User(AbstractUser):
    """A person with an account: a member, a moderator or staff.

    A project-owned user model from the first migration, so that membership
    (profiles, preferred language) can grow without a user-model swap later.
    The profile fields live here rather than in a one-to-one ``Profile`` model:
    every comment shows the author's name, and this keeps that one join away.
    """

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_(
            "The name other members see next to your comments. "
            "Left blank, you appear as “Member” and a number: your email address is never shown."
        ),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Where you work or study, if you would like to say."),
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_(
            "Optional: the country you work in. Only staff see it, counted with other members’, never by name."
        ),
    )
    organisation_kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=OrganisationKind.choices,
        blank=True,
        help_text=_("Optional. Only staff see it, counted with other members’, never beside your name."),
    )
    quote_anonymously = models.BooleanField(
        _("quote me anonymously in reports"),
        default=False,
        help_text=_(
            "When staff quote one of your comments in a dialogue's synthesis report, "
            "it says “a participant” instead of your name."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language you prefer for the site and for emails from the Community of Practice."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def public_name(self):
        """The name shown to others: the display name, else “Member 123”.

        Never anything taken from the email address (allauth makes usernames from it,
        so not the username either): the address is private to the member and moderators.
        """
        name = self.display_name.strip()
        if name:
            return name
        return _("Member %(number)s") % {"number": self.pk}

    def get_full_name(self):
        """The public name: django-comments stores it as the comment's ``user_name`` when a member posts."""
        return str(self.public_name)


def public_name(user):
    """What allauth's messages call a user: the same public name comments show."""
    return user.public_name
