"""A member's country is chosen from the ISO 3166 list (django-countries), not typed.

Typed countries counted "Mexico", "México" and "mexico" as three countries in the
participation figures. Each typed value becomes its two-letter code when it names a
country in English, Spanish or French (accents and case ignored) or already is a code;
the few that name none ("Earth", "—") are left blank for the member to choose again.
"""

import unicodedata

import django_countries.fields
from django.db import migrations
from django.utils.translation import override
from django_countries import countries

LANGUAGES = ("en", "es", "fr")


def plain(text):
    """``text`` without accents, case or surrounding spaces and dots: "  México. " -> "mexico"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip(" .").casefold()


def names_to_codes():
    """Every country's name in English, Spanish and French, made plain, with its code."""
    names = {}
    for language in LANGUAGES:
        with override(language):
            for country in countries:
                names.setdefault(plain(str(country.name)), country.code)
    return names


def code_for(text, names):
    """The ISO code ``text`` names, or ''."""
    text = text.strip()
    if len(text) == 2 and text.upper() in dict(countries):
        return text.upper()
    return names.get(plain(text), "")


def to_codes(apps, schema_editor):
    User = apps.get_model("members", "User")
    names = names_to_codes()
    for typed in User.objects.exclude(country="").values_list("country", flat=True).distinct():
        User.objects.filter(country=typed).update(country=code_for(typed, names))


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_display_name_help'),
    ]

    operations = [
        # Reversing keeps the codes: they are valid typed text too.
        migrations.RunPython(to_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='user',
            name='country',
            field=django_countries.fields.CountryField(blank=True, help_text='The country you work in.', max_length=2, verbose_name='country'),
        ),
    ]
