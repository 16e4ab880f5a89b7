"""The email worker and the housekeeping loop that `make run` starts, as they run there."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import OutboxEmail
from events import services
from events.models import Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    """The tasks worker of `make run` and production, instead of the tests' immediate one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


# The worker closes the connection between tasks when it is inside a transaction (as a
# test's is), so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_itself_retries_a_failed_email_when_it_is_due(
    database_tasks, settings, stakeholder, event
):
    settings.EMAIL_BACKEND = "tests.events.conftest.DownEmailBackend"
    settings.EVENTS_EMAIL_RETRY_SECONDS = 60
    response = stakeholder.register()
    assert response.status_code == 302
    notification = OutboxEmail.objects.get()
    assert notification.status == OutboxEmail.Status.QUEUED  # not sent yet: queued

    run_worker()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 1)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == notification.next_attempt_at
    assert notification.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)

    run_worker()  # not yet due: nothing happens
    notification.refresh_from_db()
    assert notification.attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(notification.next_attempt_at + datetime.timedelta(seconds=1)):
        run_worker()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert [m.to for m in mail.outbox] == [["aino@example.org"]]
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no third try


def test_housekeeping_loop_goes_on_after_a_failed_round_and_does_the_work(monkeypatch):
    """`make run` runs `housekeeping --every 60`: a locked database in one round
    must not end the loop; the next round expires the hold and seats the waiting list."""
    now = timezone.now()
    event = EventFactory(
        capacity=1,
        start=now + datetime.timedelta(days=1),
        end=now + datetime.timedelta(days=1, hours=3),
        reminder_days=2,
    )
    stale = RegistrationFactory(
        event=event,
        status=Registration.Status.PENDING,
        expires_at=now - datetime.timedelta(minutes=1),
    )
    waiting = RegistrationFactory(
        event=event,
        status=Registration.Status.WAITLISTED,
        waitlisted_at=now - datetime.timedelta(hours=1),
        email_confirmed_at=now - datetime.timedelta(hours=1),
    )
    real_expire = services.expire_pending
    calls = []

    def locked_once(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_expire(**kwargs)

    monkeypatch.setattr(services, "expire_pending", locked_once)
    out = io.StringIO()
    call_command("housekeeping", every=0.01, rounds=3, stdout=out)

    assert len(calls) == 3
    assert out.getvalue().count("expired 1,") == 1
    assert out.getvalue().count("expired 0,") == 1
    stale.refresh_from_db()
    waiting.refresh_from_db()
    assert stale.status == Registration.Status.EXPIRED
    assert waiting.status == Registration.Status.CONFIRMED
    sent = set(waiting.emails.filter(status="sent").values_list("kind", flat=True))
    assert sent == {"promoted", "reminder"}
