"""Time zones for the admin: the list an editor picks from, and date-time fields that
read and write an event's local time whatever the server's time zone.

An event is stored in UTC and shown in its own zone (``Event.timezone``) on the public
page, in the emails and in the ``.ics``; the admin must show and take the same local
times, so its date-time fields convert in the event's zone, not the current one.
"""

import datetime
import functools
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

# The zones of the partners' countries first (CPMR sits in Rennes, Resolvo in Italy;
# Brussels for meetings with the programme). Country code -> zone.
PARTNER_ZONES = {
    "FI": "Europe/Helsinki",
    "AT": "Europe/Vienna",
    "ES": "Europe/Madrid",
    "IE": "Europe/Dublin",
    "PL": "Europe/Warsaw",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "IT": "Europe/Rome",
    "BE": "Europe/Brussels",
}

# Geographic zones only: not the legacy aliases ("US/Eastern", "Poland") nor Etc/GMT+n,
# whose signs are inverted and would mislead.
_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@functools.cache  # reading the zone database takes a few milliseconds
def zone_names() -> tuple[str, ...]:
    names = zoneinfo.available_timezones()
    partner = set(PARTNER_ZONES.values())
    return (*sorted(n for n in names if n.startswith(_REGIONS) and n not in partner), "UTC")


def zone_choices():
    """Grouped choices for a select: partner countries first, then every other zone."""
    partner = [
        # Translators: a time zone and its country, e.g. "Europe/Vienna (Austria)".
        (zone, gettext("%(zone)s (%(country)s)") % {"zone": zone, "country": countries.name(code)})
        for code, zone in PARTNER_ZONES.items()
    ]
    return [
        (_("Partner countries"), partner),
        (_("Other time zones"), [(zone, zone) for zone in zone_names()]),
    ]


def zone_or_utc(name: str | None) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return datetime.UTC


def utc_offset(moment: datetime.datetime, zone: datetime.tzinfo) -> str:
    """``+01:00``: the zone's offset from UTC at that moment."""
    offset = timezone.localtime(moment, zone).utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_time_note(zone_name: str, moment: datetime.datetime | None = None) -> str:
    """The help text next to a date-time field: which zone its time is in."""
    zone = zone_or_utc(zone_name)
    return gettext("Local time in %(zone)s (UTC%(offset)s).") % {
        "zone": zone_name,
        "offset": utc_offset(moment or timezone.now(), zone),
    }


class TimeZoneField(forms.ChoiceField):
    """A select of IANA names; the model's own validator still checks the value."""

    def __init__(self, *, max_length=None, empty_value="", **kwargs):
        super().__init__(choices=zone_choices, **kwargs)

    def with_value(self, value: str) -> None:
        """Keep a stored zone that is not in the list selectable (an older alias)."""
        if value and not self.valid_value(value):
            self.choices = [*zone_choices(), (value, value)]


class ZonedSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date and time inputs, in ``zone`` rather than the current time zone.

    ``zone`` is set by the form, which knows the event. Shown values are converted when
    rendered (late, in the template), so the conversion belongs to the field, not to a
    time zone activated while the form is built.
    """

    zone: datetime.tzinfo | None = None

    def prepare_value(self, value):
        if self.zone and isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # Naive local time: the widget shows it as it is.
            return timezone.make_naive(value, self.zone)
        return super().prepare_value(value)

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)

    def compress(self, data_list):
        if self.zone is None:
            return super().compress(data_list)
        # Django's own conversion, with its error for a time skipped or repeated by DST.
        with timezone.override(self.zone):
            return super().compress(data_list)
