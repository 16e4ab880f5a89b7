"""The email worker (`manage.py db_worker`, django-tasks-db) and the delivery tasks a
killed worker leaves behind, run in this process (tests/core/test_outbox_crash.py kills
a real one)."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import outbox
from core.models import OutboxEmail
from tests.core.conftest import PING

# The worker closes the connection between tasks when it is inside a transaction (as a
# test's is), so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    """The tasks backend of `make run` and production, instead of the tests' immediate one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(*, worker_id="worker-b"):
    call_command(
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        f"--worker-id={worker_id}",
        verbosity=0,
    )


class Killed(BaseException):
    """SIGKILL: nothing after it runs, no handler sees it."""


def killed_while_sending(owner, monkeypatch, *, worker_id):
    """What a worker killed in the middle of a send leaves: its task running, the email
    claimed (leased) and not marked sent."""
    with transaction.atomic():
        email = outbox.queue(owner, PING, to="owner@example.org", language="en")
    task = DBTaskResult.objects.get(status="READY")
    task.claim(worker_id)  # as the worker does before it runs the task

    def die(email):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setitem(outbox._builders, PING, die)
        with pytest.raises(Killed):
            outbox.send(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.QUEUED, 1)
    return email, task


def statuses():
    return sorted(DBTaskResult.objects.values_list("status", flat=True))


def test_a_worker_started_again_under_its_id_recovers_its_delivery_at_once(
    built, owner, monkeypatch
):
    email, task = killed_while_sending(owner, monkeypatch, worker_id="worker-a")

    run_worker(worker_id="worker-b")  # another worker: that one may still be sending
    assert statuses() == ["RUNNING"]

    run_worker(worker_id="worker-a")  # worker-a again, so the first worker-a is dead
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == ("FAILED", "core.outbox.WorkerLost")
    retry = DBTaskResult.objects.get(status="READY")
    # Not before the lease ends: the dead worker's message may still be on its way.
    assert retry.run_after == email.next_attempt_at
    assert email.next_attempt_at >= timezone.now() + outbox.lease() - datetime.timedelta(seconds=30)
    assert mail.outbox == []

    with time_machine.travel(email.next_attempt_at + datetime.timedelta(seconds=1)):
        run_worker(worker_id="worker-a")
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 2)
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert statuses() == ["FAILED", "SUCCESSFUL"]  # nothing running, nothing left


def test_housekeeping_gives_up_a_delivery_left_running_for_longer_than_the_lease(
    built, owner, monkeypatch
):
    email, task = killed_while_sending(owner, monkeypatch, worker_id="worker-a")
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "deliveries recovered 0" in out.getvalue()  # the worker may still be sending
    assert statuses() == ["RUNNING"]

    with time_machine.travel(timezone.now() + outbox.lease() + datetime.timedelta(seconds=1)):
        call_command("housekeeping", stdout=out)
        assert "emails sent 1, failed 0, deliveries recovered 1" in out.getvalue()
        task.refresh_from_db()
        assert task.status == "FAILED"
        run_worker()  # the new task finds the email sent by the housekeeping
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 2)
    assert len(mail.outbox) == 1
    assert statuses() == ["FAILED", "SUCCESSFUL"]


def test_a_delivery_that_outlives_the_lease_in_a_live_worker_still_finishes(
    built, owner, monkeypatch
):
    """A worker frozen beyond the lease that wakes up again: its task was given up, and
    it records how its send ended."""
    with transaction.atomic():
        email = outbox.queue(owner, PING, to="owner@example.org", language="en")

    def frozen_beyond_the_lease(email):
        with time_machine.travel(timezone.now() + outbox.lease() + datetime.timedelta(seconds=1)):
            assert outbox.recover_tasks() == 1
        return mail.EmailMessage("ping", to=[email.to])

    monkeypatch.setitem(outbox._builders, PING, frozen_beyond_the_lease)
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert "RUNNING" not in statuses()
