"""iCalendar files: one per event, and a feed of all public events.

The UID is stable for the life of an event and SEQUENCE grows when it changes, so
calendar programs update the entry they have. No personal link goes inside.
"""

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Event


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{settings.PORTAL_CALENDAR_DOMAIN}"


def _vevent(event: Event, *, cancelled: bool = False) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    vevent.add("sequence", event.sequence)
    vevent.add("url", settings.PORTAL_BASE_URL + event.get_absolute_url())
    if event.summary:
        vevent.add("description", event.summary)
    place = ", ".join(part for part in (event.venue, event.city) if part)
    if place:
        vevent.add("location", place)
    elif event.is_online:
        vevent.add("location", "Online")
    vevent.add("status", "CANCELLED" if cancelled or event.is_cancelled else "CONFIRMED")
    return vevent


def calendar_bytes(events, *, method: str = "PUBLISH") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Next2Met portal//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    for event in events:
        cal.add_component(_vevent(event, cancelled=method == "CANCEL"))
    cal.add_missing_timezones()
    return cal.to_ical()


def event_ics(event: Event) -> bytes:
    return calendar_bytes([event], method="CANCEL" if event.is_cancelled else "PUBLISH")
