"""The project's real events (``shared/reference/domain.md`` §1.4), and one upcoming
demonstration event with few seats, so that a newcomer can try registering.

The facts are data in ``demo/events.yaml``; the demonstration event's dates are given
there relative to the day of loading.
"""

from core.demo import load_file

from .models import Event, Session


def load_events() -> dict:
    load_file("events")
    return {"events": Event.objects.count(), "sessions": Session.objects.count()}
