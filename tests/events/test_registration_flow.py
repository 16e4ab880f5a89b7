"""Every state change of a registration, through the HTTP client."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import OutboxEmail
from events.forms import time_token
from events.models import Registration
from tests.events.conftest import form_data

pytestmark = pytest.mark.django_db


def test_register_holds_a_seat_and_mails_a_confirmation_link(stakeholder, event):
    response = stakeholder.register(language="fi")
    assert response.status_code == 302
    assert response.url == f"/en/events/{event.slug}/registered/?outcome=pending"
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    assert registration.expires_at > timezone.now()
    assert registration.email == "aino@example.org"
    (message,) = mail.outbox
    assert message.to == ["aino@example.org"]
    assert "Lahti PLE" in message.subject
    # In the registrant's language (Finnish here), with both links.
    assert "Hei Aino Virtanen" in message.body
    assert "/fi/registration/confirm/" in message.body
    page = stakeholder.client.get(response.url).content.decode()
    assert "48" in page


def test_confirm_needs_a_post_and_is_idempotent(stakeholder):
    stakeholder.register()
    confirm_url = stakeholder.last_link("confirm")
    # A mail scanner following the link changes nothing.
    page = stakeholder.client.get(confirm_url)
    assert page.status_code == 200
    assert Registration.objects.get().status == Registration.Status.PENDING

    first = stakeholder.post(confirm_url)
    second = stakeholder.post(confirm_url)  # the double click
    assert first.status_code == second.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    confirmed_mails = [m for m in mail.outbox if m.attachments]
    assert len(confirmed_mails) == 1
    filename, ics, mimetype = confirmed_mails[0].attachments[0]
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in ics
    assert "registration" not in ics  # no personal link inside
    manage = stakeholder.client.get(first.url).content.decode()
    assert "Thank you: your registration is confirmed." in manage


def test_expired_confirmation_link(stakeholder, settings):
    stakeholder.register()
    settings.EVENTS_CONFIRM_LINK_DAYS = 0
    response = stakeholder.post(stakeholder.last_link("confirm"))
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    assert Registration.objects.get().status == Registration.Status.PENDING


def test_tampered_link_is_refused(stakeholder):
    stakeholder.register()
    url = stakeholder.last_link("manage")
    response = stakeholder.client.get(url[:-3] + "xx/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_late_confirmation_gets_the_seat_if_one_is_free(stakeholder):
    stakeholder.register()
    Registration.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    stakeholder.post(stakeholder.last_link("confirm"))
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_late_confirmation_goes_to_the_waiting_list_when_full(stakeholder, event):
    stakeholder.register(email="late@example.org")
    late_link = stakeholder.last_link("confirm")
    Registration.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    stakeholder.register(email="b@example.org")
    stakeholder.register(email="c@example.org")
    stakeholder.post(late_link)
    assert Registration.objects.get(email="late@example.org").status == "waitlisted"
    assert event.registrations.filter(status="pending").count() == 2


def test_full_event_waitlists_and_a_cancellation_promotes(stakeholder, event):
    for person in ("a", "b", "c"):
        stakeholder.register(email=f"{person}@example.org")
        stakeholder.post(stakeholder.last_link("confirm", to=f"{person}@example.org"))
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "confirmed",
        "b@example.org": "confirmed",
        "c@example.org": "waitlisted",
    }
    waiting_page = stakeholder.client.get(stakeholder.last_link("manage", to="c@example.org"))
    assert "position 1 on the waiting list" in waiting_page.content.decode()

    response = stakeholder.post(
        stakeholder.last_link("manage", to="a@example.org"), {"action": "cancel", "confirm": "yes"}
    )
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["a@example.org"] == "cancelled"
    assert statuses["c@example.org"] == "confirmed"
    promoted = [m for m in mail.outbox if "c@example.org" in m.to][-1]
    assert promoted.attachments  # the calendar file comes with the seat


def test_same_email_in_any_case_does_not_register_twice(stakeholder):
    stakeholder.register(email="Aino@Example.org")
    response = stakeholder.register(email="AINO@example.ORG")
    assert response.url.endswith("outcome=already_registered")
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2
    assert "/registration/" in mail.outbox[1].body


def test_cancel_twice_and_after_the_deadline(stakeholder, event):
    stakeholder.register()
    manage = stakeholder.last_link("manage")
    stakeholder.post(manage, {"action": "cancel", "confirm": "yes"})
    again = stakeholder.post(manage, {"action": "cancel", "confirm": "yes"})
    assert again.status_code == 302
    assert Registration.objects.get().status == "cancelled"

    stakeholder.register(email="late@example.org")
    event.cancellation_deadline = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    response = stakeholder.post(
        stakeholder.last_link("manage", to="late@example.org"),
        {"action": "cancel", "confirm": "yes"},
    )
    assert response.status_code == 409
    assert "deadline has passed" in response.content.decode()
    assert Registration.objects.get(email="late@example.org").status == "pending"


def test_erase_deletes_everything_and_the_link_stops_working(stakeholder):
    stakeholder.register()
    manage = stakeholder.last_link("manage")
    page = stakeholder.client.get(manage).content.decode()
    assert "aino@example.org" in page and "Lahti University" in page
    response = stakeholder.post(manage, {"action": "erase"})
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert OutboxEmail.objects.count() == 0
    assert stakeholder.client.get(manage).status_code == 404


def test_registration_closed(stakeholder, event):
    event.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    # The form is gone from the page; a stale form posted anyway gets a clear answer.
    assert (
        "Registration for this event is closed."
        in stakeholder.client.get(f"/en/events/{event.slug}/").content.decode()
    )
    response = stakeholder.client.post(
        f"/en/events/{event.slug}/register/", form_data(started=time_token())
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Registration for this event is closed." in html
    assert Registration.objects.count() == 0


def test_email_server_down_keeps_the_registration_and_sends_later(stakeholder, settings):
    settings.EMAIL_BACKEND = "tests.events.conftest.DownEmailBackend"
    settings.EVENTS_EMAIL_RETRY_SECONDS = 0
    response = stakeholder.register()
    assert response.status_code == 302
    registration = Registration.objects.get()
    notification = registration.emails.get()
    assert notification.status == OutboxEmail.Status.FAILED
    assert "SMTPServerDisconnected" in notification.last_error
    assert mail.outbox == []

    call_command("events_housekeeping")  # still down: nothing lost, tried again
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 2)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("events_housekeeping")
    notification.refresh_from_db()
    assert notification.status == OutboxEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["aino@example.org"]]
    call_command("events_housekeeping")
    assert len(mail.outbox) == 1  # sent once


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": ""}, "email", "This field is required."),
        ({"email": "aino@"}, "email", "Enter a valid email address."),
        ({"organisation": "x" * 10_000}, "organisation", "at most 200 characters"),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"name": "<script>alert(1)</script>"}, "name", "no &lt; or &gt; signs"),
        ({"privacy": ""}, "privacy", "Please agree to the privacy notice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(stakeholder, field, overrides, message):
    response = stakeholder.register(**overrides)
    assert response.status_code == 400
    html = response.content.decode()
    # The message sits in the field's own feedback element, linked from the summary.
    assert f'id="error_1_id_{field}"' in html
    assert message in html.split(f'id="error_1_id_{field}"')[1][:300]
    assert f'href="#id_{field}"' in html
    # What was typed is still there.
    assert 'value="Lahti University of Applied Sciences"' in html or field == "organisation"
    assert "<script>alert(1)</script>" not in html
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_and_time_trap(stakeholder, settings):
    response = stakeholder.register(website="http://spam.example")
    assert response.status_code == 400
    assert "Leave this field empty" in response.content.decode()
    settings.EVENTS_MIN_FORM_SECONDS = 60
    response = stakeholder.register()
    assert response.status_code == 400
    assert "very fast" in response.content.decode()
    assert 'value="Aino Virtanen"' in response.content.decode()
    response = stakeholder.register(started="forged")
    assert "too old or incomplete" in response.content.decode()
    assert Registration.objects.count() == 0


def test_rate_limit_per_address_keeps_the_typed_values(stakeholder, settings):
    settings.EVENTS_REGISTRATION_RATE = "2/h"
    assert stakeholder.register(email="one@example.org").status_code == 302
    assert stakeholder.register(email="two@example.org").status_code == 302
    response = stakeholder.register(email="three@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many registrations" in html
    assert 'value="three@example.org"' in html
    assert Registration.objects.count() == 2


def test_public_page_never_shows_the_online_link(client, event):
    event.online_url = "https://meet.example.org/secret-room"
    event.save()
    assert "secret-room" not in client.get(f"/en/events/{event.slug}/").content.decode()
    assert b"secret-room" not in client.get(f"/en/events/{event.slug}/calendar.ics").content
