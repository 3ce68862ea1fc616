"""People who take part in dialogues: panellists, moderators and authors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A person named on the site; translatable so that roles and bios read well in each language."""

    name = models.CharField(
        _("name"), max_length=255, help_text=_("Full name as the person writes it, with any title (Dr).")
    )
    role = models.CharField(
        _("role"),
        max_length=255,
        blank=True,
        help_text=_("Job title or what the person does, e.g. “Senior Program Officer”."),
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    bio = models.TextField(_("biography"), blank=True, help_text=_("A short biography in plain text."))
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("country"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.SearchField("organisation"),
        index.SearchField("bio"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def affiliation(self):
        """Role and organisation as one line, e.g. “Senior Program Officer, Promundo-US”."""
        return ", ".join(part for part in (self.role, self.organisation, self.country) if part)

    # Words left out of initials: titles and particles ("Dr María de la Cruz" is "MC").
    NOT_IN_INITIALS = {
        "dr",
        "dr.",
        "prof",
        "prof.",
        "mr",
        "mr.",
        "ms",
        "ms.",
        "mrs",
        "mrs.",
        "de",
        "del",
        "la",
        "van",
        "von",
        "da",
    }

    @property
    def initials(self):
        """Up to two initials for the avatar shown when there is no photo, e.g. “GB” for Dr Gary Barker."""
        words = [word for word in self.name.split() if word.lower() not in self.NOT_IN_INITIALS and word[:1].isalpha()]
        if not words:
            return self.name[:1].upper()
        return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()

    @property
    def avatar_variant(self):
        """One of four avatar colours, the same for a name every time (a simple sum, not Python's salted hash)."""
        return sum(map(ord, self.name)) % 4


def localized_people(people, locale):
    """``people`` as written in ``locale`` where a translation exists, in one query.

    Pages link to people in the source language (the link is synchronised across
    translations, so every version names the same panel); roles and bios are then
    shown from the person's translation.
    """
    people = list(people)
    locale_id = getattr(locale, "pk", locale)
    if all(person.locale_id == locale_id for person in people):
        return people  # already in that language (or nobody): no query
    translations = {
        person.translation_key: person
        for person in Person.objects.filter(
            translation_key__in=[person.translation_key for person in people], locale=locale
        )
    }
    return [translations.get(person.translation_key, person) for person in people]


class PersonLink(Orderable):
    """Base for the ordered lists of people attached to a page."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        abstract = True
