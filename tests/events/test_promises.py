"""The registration's promises at the edges: one rule for a held seat, fairness to the
waiting list, idempotent writes, and defences that cannot be replayed or turned on
someone else's inbox (issue 13)."""

import datetime
import re
import time

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from core.models import OutboxEmail
from events import services
from events.emails import Kind
from events.forms import time_token
from events.models import Registration
from events.tokens import MANAGE, make_token
from tests.events.conftest import form_data
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def data(email):
    return {
        "name": "Person",
        "email": email,
        "organisation": "Example Oy",
        "organisation_type": "business",
        "country": "FI",
        "access_needs": "",
    }


def register(event, email, now):
    return services.registration_create(event_id=event.pk, data=data(email), language="en", now=now)


def test_the_database_refuses_a_status_the_seat_rule_cannot_classify():
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError):
        Registration.objects.filter(pk=registration.pk).update(status="maybe")


def test_waiting_people_get_the_seats_of_expired_holds_before_a_newcomer():
    now = timezone.now()
    event = EventFactory(capacity=2)
    holders = [register(event, f"hold{i}@example.org", now).registration for i in range(2)]
    waiting = [register(event, f"wait{i}@example.org", now).registration for i in range(3)]
    assert {r.status for r in holders} == {"pending"}
    assert {r.status for r in waiting} == {"waitlisted"}
    for registration in waiting:  # they confirm their address and wait
        services.registration_confirm(registration_id=registration.pk, now=now)

    # The holds run out; housekeeping has not run yet when a newcomer arrives.
    later = now + services.confirm_window() + datetime.timedelta(minutes=1)
    newcomer = register(event, "new@example.org", later)

    assert newcomer.outcome == "waitlisted"
    statuses = dict(event.registrations.values_list("email", "status"))
    assert [statuses[f"wait{i}@example.org"] for i in range(3)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert [statuses[f"hold{i}@example.org"] for i in range(2)] == ["expired", "expired"]
    assert event.registrations.holding_seats(later).count() == event.capacity
    promoted = OutboxEmail.objects.filter(kind=Kind.PROMOTED).values_list("to", flat=True)
    assert sorted(promoted) == ["wait0@example.org", "wait1@example.org"]


def test_a_late_confirmation_does_not_jump_the_waiting_list():
    now = timezone.now()
    event = EventFactory(capacity=1)
    late = register(event, "late@example.org", now).registration
    waiter = register(event, "waiter@example.org", now).registration
    services.registration_confirm(registration_id=waiter.pk, now=now)

    later = now + services.confirm_window() + datetime.timedelta(minutes=1)
    confirmed = services.registration_confirm(registration_id=late.pk, now=later)

    assert confirmed.status == "waitlisted"
    waiter.refresh_from_db()
    assert waiter.status == "confirmed"


def test_erasing_twice_or_cancelling_what_was_erased_is_not_an_error():
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(event=event)
    assert services.registration_erase(registration_id=registration.pk) is True
    assert services.registration_erase(registration_id=registration.pk) is False
    with pytest.raises(services.RegistrationError) as cancelled:
        services.registration_cancel(registration_id=registration.pk)
    assert cancelled.value.code == "gone"
    with pytest.raises(services.RegistrationError) as confirmed:
        services.registration_confirm(registration_id=registration.pk)
    assert confirmed.value.code == "gone"
    assert services.person_erase(registration_id=registration.pk).registrations == []


def test_a_second_erase_click_on_the_manage_page_answers_without_a_server_error(client):
    registration = RegistrationFactory()
    url = f"/en/registration/{make_token(registration, MANAGE)}/"
    first = client.post(url, {"action": "erase"})
    assert first.status_code == 200
    assert "erased" in first.content.decode().lower()
    second = client.post(url, {"action": "erase"})
    assert second.status_code == 404
    assert "erased" in second.content.decode()  # "… or the registration was erased."
    erase_all = client.post(f"{url}my-data/erase/")
    assert erase_all.status_code == 404


def test_the_already_registered_email_goes_to_an_inbox_at_most_once_an_hour(settings):
    settings.EVENTS_REGISTRATION_RATE = "1000/h"
    event = EventFactory(slug="open", capacity=5)
    RegistrationFactory(event=event, email="victim@example.org", status="confirmed")
    # Ten senders from ten addresses type the victim's address.
    for i in range(10):
        client = Client(REMOTE_ADDR=f"192.0.2.{i + 1}")
        response = client.post(
            "/en/events/open/register/",
            form_data(email="Victim@example.org", started=time_token()),
        )
        assert response.status_code == 302
        assert response.url.endswith("outcome=already_registered")
    reminders = OutboxEmail.objects.filter(kind=Kind.ALREADY_REGISTERED, to="victim@example.org")
    assert reminders.count() == 1
    # An hour later the person may ask again, and gets the link again.
    later = timezone.now() + services.ALREADY_REGISTERED_RESEND + datetime.timedelta(seconds=1)
    outcome = services.registration_create(
        event_id=event.pk, data=data("victim@example.org"), language="en", now=later
    )
    assert outcome.outcome == "already_registered"
    assert reminders.count() == 2


def _register(client, slug, **overrides):
    return client.post(f"/en/events/{slug}/register/", form_data(**overrides))


def test_a_rendered_form_registers_once_and_a_replay_is_refused(client):
    EventFactory(slug="open", capacity=5)
    page = client.get("/en/events/open/")
    started = re.search(rb'name="started" value="([^"]+)"', page.content).group(1).decode()
    first = _register(client, "open", email="one@example.org", started=started)
    assert first.status_code == 302
    replay = _register(client, "open", email="two@example.org", started=started)
    assert replay.status_code == 400
    assert "already sent" in replay.content.decode()
    assert 'value="two@example.org"' in replay.content.decode()  # nothing typed is lost
    # The page gives a fresh token: sending again works.
    fresh = re.search(rb'name="started" value="([^"]+)"', replay.content).group(1).decode()
    assert fresh != started
    again = _register(client, "open", email="two@example.org", started=fresh)
    assert again.status_code == 302
    assert (
        Registration.objects.filter(email__in=["one@example.org", "two@example.org"]).count() == 2
    )


def test_a_form_older_than_its_lifetime_is_refused_and_renewed(client, settings):
    EventFactory(slug="open", capacity=5)
    settings.EVENTS_FORM_MAX_AGE_SECONDS = 3600
    with pytest.MonkeyPatch.context() as patch:
        # Signed two hours ago, as a page left open would be.
        patch.setattr(time, "time", lambda real=time.time: real() - 7200)
        old = time_token()
    response = _register(client, "open", email="old@example.org", started=old)
    assert response.status_code == 400
    assert "too old" in response.content.decode()
    assert not Registration.objects.filter(email="old@example.org").exists()


@pytest.mark.parametrize("honeypot", [" ", "\t", "\n", "http://spam.example"])
def test_any_honeypot_content_even_whitespace_is_a_bot(client, honeypot):
    EventFactory(slug="open", capacity=5)
    response = _register(
        client, "open", email="bot@example.org", started=time_token(), website=honeypot
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(email="bot@example.org").exists()
