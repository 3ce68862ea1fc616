"""Showing one moment in the time zones staff choose for an event."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def time_zone_choices():
    """Every IANA time zone name, sorted, as (value, label) choices for a select."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value):
    """Refuse anything that is not an IANA time zone name such as "Europe/Paris"."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone; use a name such as Europe/Paris."),
            params={"value": value},
        )


@dataclass(frozen=True)
class ZonedTime:
    """A moment as read in one time zone, with the abbreviation in force on that date."""

    zone: str
    local: datetime

    @property
    def abbreviation(self):
        return self.local.tzname()

    @property
    def place(self):
        """The zone's city, as people name it ("New York", "Puerto Rico")."""
        return self.zone.rsplit("/", 1)[-1].replace("_", " ")


def in_time_zones(moment, zone_names):
    """Return ``moment`` in each of ``zone_names`` (unknown names are skipped)."""
    if moment is None:
        return []
    available = zoneinfo.available_timezones()
    return [
        ZonedTime(zone=name, local=moment.astimezone(zoneinfo.ZoneInfo(name)))
        for name in zone_names
        if name in available
    ]
