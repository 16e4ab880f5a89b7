import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.emails import Kind
from events.models import Event, Material, Registration
from events.tokens import MANAGE, LinkError, make_token, read_token
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_unconfirmed_registration_expires_and_frees_its_seat(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    now = timezone.now()
    stale = RegistrationFactory(
        event=event, status="pending", expires_at=now - datetime.timedelta(minutes=1)
    )
    waiting = RegistrationFactory(
        event=event, status="waitlisted", waitlisted_at=now, email_confirmed_at=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_pending() == 1
    stale.refresh_from_db()
    waiting.refresh_from_db()
    assert stale.status == "expired"
    assert waiting.status == "confirmed"
    assert waiting.emails.get().kind == Kind.PROMOTED


def test_waitlisted_without_confirmed_email_are_not_promoted():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, status="waitlisted", waitlisted_at=timezone.now())
    assert services.event_promote_waitlist(event_id=event.pk) == 0


def test_reminder_is_queued_once(django_capture_on_commit_callbacks):
    event = EventFactory(start=timezone.now() + datetime.timedelta(days=1), reminder_days=2)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders() == 1
        assert services.queue_reminders() == 0
    (message,) = mail.outbox
    assert message.subject.startswith("Reminder")
    assert message.attachments


def test_no_reminder_before_its_time():
    event = EventFactory(start=timezone.now() + datetime.timedelta(days=10), reminder_days=2)
    RegistrationFactory(event=event)
    assert services.queue_reminders() == 0


def test_materials_email_goes_to_attendees_once(django_capture_on_commit_callbacks):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(start=start, end=start + datetime.timedelta(hours=3))
    Material.objects.create(
        event=event, kind="link", title_en="Slides", url="https://e.org/s", is_published=True
    )
    came = RegistrationFactory(event=event, checked_in_at=start)
    RegistrationFactory(event=event)  # confirmed but did not come
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_materials_emails() == 1
        assert services.queue_materials_emails() == 0
    assert [m.to for m in mail.outbox] == [[came.email]]


def test_anonymisation_after_retention_keeps_anonymous_totals():
    start = timezone.now() - datetime.timedelta(days=40)
    event = EventFactory(start=start, end=start + datetime.timedelta(hours=3), retention_days=30)
    kept = EventFactory()  # upcoming: untouched
    old = RegistrationFactory(
        event=event, organisation_type="public", country="PL", checked_in_at=start
    )
    RegistrationFactory(event=event, organisation_type="business", country="PL")
    recent = RegistrationFactory(event=kept)
    token = make_token(old, MANAGE)

    call_command("events_housekeeping")
    call_command("events_housekeeping")  # safe to run again

    old.refresh_from_db()
    assert (old.name, old.email, old.organisation, old.access_needs) == ("", "", "", "")
    assert old.anonymised_at is not None
    totals = sorted(event.registrations.values_list("organisation_type", "country"))
    assert totals == [("business", "PL"), ("public", "PL")]
    assert event.registrations.filter(checked_in_at__isnull=False).count() == 1
    recent.refresh_from_db()
    assert recent.name and recent.anonymised_at is None
    with pytest.raises(LinkError):
        read_token(token, MANAGE)


def test_moving_an_event_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.event_notify_change(event_id=event.pk) == 1
    (message,) = mail.outbox
    vevent = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert str(vevent["UID"]) == f"event-{event.pk}@next2met.eu"
    assert int(vevent["SEQUENCE"]) == 1

    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_notify_change(event_id=event.pk)
    cal = icalendar.Calendar.from_ical(mail.outbox[-1].attachments[0][1])
    assert str(cal["METHOD"]) == "CANCEL"
    assert int(cal.walk("VEVENT")[0]["SEQUENCE"]) == 2


def test_check_in_marks_only_confirmed_registrations():
    event = EventFactory()
    confirmed = RegistrationFactory(event=event)
    pending = RegistrationFactory(event=event, status="pending")
    assert services.registrations_check_in(registration_ids=[confirmed.pk, pending.pk]) == 1
    assert Registration.objects.filter(checked_in_at__isnull=False).get() == confirmed


def test_calendar_feed_lists_public_events_only(client):
    EventFactory(title_en="Visible")
    EventFactory(title_en="Hidden draft", status=Event.Status.DRAFT)
    body = client.get("/en/events/calendar.ics").content.decode()
    assert "Visible" in body and "Hidden draft" not in body
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Helsinki" in body


def test_a_pending_registration_without_an_end_to_its_hold_keeps_its_seat():
    # An organiser may clear "seat held until" in the admin: the seat stays held, so the
    # next person waits, and confirming takes that seat, not another one.
    event = EventFactory(capacity=1)
    pending = RegistrationFactory(event=event, status="pending", expires_at=None)
    assert services.free_seats(event, timezone.now()) == 0
    later = services.registration_create(
        event_id=event.pk, data=_registration_data("later@example.org"), language="en"
    )
    assert later.outcome == "waitlisted"
    services.registration_confirm(registration_id=pending.pk)
    pending.refresh_from_db()
    assert pending.status == "confirmed"
    assert event.registrations.filter(status="confirmed").count() == event.capacity
    assert services.free_seats(event, timezone.now()) == 0


def _registration_data(email):
    return {
        "name": "Later Person",
        "email": email,
        "organisation": "Example Oy",
        "organisation_type": "business",
        "country": "FI",
        "access_needs": "",
    }


def test_registration_fields_tell_the_browser_what_they_are_for(client):
    event = EventFactory(slug="autofill")
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    for name, purpose in [
        ("name", "name"),
        ("email", "email"),
        ("organisation", "organization"),
        ("country", "country-name"),
        ("language", "language"),
    ]:
        tag = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{purpose}"' in tag, tag
