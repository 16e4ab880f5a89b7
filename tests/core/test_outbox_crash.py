"""A real email worker killed in the middle of a batch, then started again, with a real
SMTP server: no email is lost, and the only email sent twice is the one that was in the
window the outbox documents (core/outbox.py): accepted by the server, not yet marked
sent, when the worker died. Its second copy goes out after the lease and carries the
same Message-ID.

The worker is `manage.py db_worker` in its own process, as `make run` and systemd start
it; the SMTP server (aiosmtpd) runs in this process and kills the worker with SIGKILL as
it accepts the tenth message, before its "250 OK" reaches the worker. It also turns one
message away once with a temporary error, which the worker retries by itself.
"""

import asyncio
import datetime
import email
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from core import outbox
from core.models import OutboxEmail
from events.emails import Kind
from tests.core import crash_settings
from tests.factories import EventFactory, RegistrationFactory

ROOT = Path(__file__).resolve().parents[2]
EMAILS = 30
KILL_AT = 10  # the worker dies as the server accepts the 10th message
REFUSED = "person-30@example.org"  # turned away once with "451 try again later"
TIMEOUT = 60  # generous, for a loaded machine; the test takes about 10 s

pytestmark = [
    # The worker in another process sees only what this one has committed.
    pytest.mark.django_db(transaction=True),
    # What it shows does not depend on the database: it runs once, in the SQLite suite.
    pytest.mark.skipif(connection.vendor != "sqlite", reason="runs once, in the SQLite suite"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """An SMTP server's handler that keeps every message it accepts, a little slowly
    (so that the kill lands in the middle of the batch)."""

    def __init__(self):
        self.received = []  # (time accepted, recipient, Message-ID)
        self.refused = []
        self.on_accept = lambda count: None

    async def handle_DATA(self, server, session, envelope):
        to = envelope.rcpt_tos[0]
        if to == REFUSED and not self.refused:
            self.refused.append(time.time())
            return "451 4.3.0 Try again later"
        await asyncio.sleep(0.05)
        message = email.message_from_bytes(envelope.content)
        self.received.append((time.time(), to, message["Message-ID"]))
        # Accepted: the message is the server's now, whatever happens to the sender.
        self.on_accept(len(self.received))
        return "250 OK"


class Worker:
    """`manage.py db_worker` with a fixed worker id, as deploy/systemd runs it, sending
    through the SMTP server on ``port`` and using the database file ``database``."""

    def __init__(self, tmp_path, *, port, database, name):
        self.process = None
        self.log = tmp_path / f"{name}.log"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))
        }
        self.env |= {
            "DJANGO_SETTINGS_MODULE": "tests.core.crash_settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(port),
            "DJANGO_EMAIL_USE_TLS": "0",
        }

    def start(self):
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [*command, "--interval", "0.1", "--worker-id", "crash-test"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=TIMEOUT)

    def output(self):
        return self.log.read_text()


def wait_for(condition, what, worker):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {TIMEOUT} s for {what}; worker:\n{worker.output()}")
        if worker.process.poll() is not None and not condition():
            raise AssertionError(f"the worker ended before {what}:\n{worker.output()}")
        time.sleep(0.1)


@pytest.fixture
def workers(tmp_path, sink):
    """Two workers, started by the test; stopped at the end whatever happened."""
    _, port = sink
    database = tmp_path / "db.sqlite3"
    made = [Worker(tmp_path, port=port, database=database, name=n) for n in ("first", "second")]
    yield made
    for worker in made:
        worker.stop()


@pytest.fixture
def sink():
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def test_a_worker_killed_mid_batch_loses_no_email_and_repeats_only_the_one_in_the_window(
    tmp_path, sink, workers, settings
):
    handler, _ = sink
    first, second = workers
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = EventFactory()
    with transaction.atomic():
        for number in range(1, EMAILS + 1):
            registration = RegistrationFactory(event=event, email=f"person-{number}@example.org")
            outbox.queue(
                registration, Kind.ALREADY_REGISTERED, to=registration.email, language="en"
            )
    assert DBTaskResult.objects.filter(status="READY").count() == EMAILS

    # The suite's SQLite database lives in this process's memory: the workers get a
    # copy in a file, and this process reads it back at the end.
    database = first.env["DATABASE_URL"].removeprefix("sqlite:///")
    connection.ensure_connection()
    with closing(sqlite3.connect(database)) as copy:
        connection.connection.backup(copy)

    def rows(sql):
        with closing(sqlite3.connect(database)) as db:
            return db.execute(sql).fetchall()

    handler.on_accept = lambda count: count == KILL_AT and first.kill()
    first.start()
    first.process.wait(timeout=TIMEOUT)
    assert first.process.returncode == -signal.SIGKILL, first.output()

    # What the dead worker left: one email accepted by the server and not marked sent,
    # claimed for the lease; its task running.
    accepted = {to for _, to, _ in handler.received}
    unsent = dict(
        rows("SELECT \"to\", next_attempt_at FROM core_outboxemail WHERE status != 'sent'")
    )
    in_window = accepted & set(unsent)
    assert len(accepted) == KILL_AT
    assert len(in_window) == 1
    (repeated,) = in_window
    lease_end = datetime.datetime.fromisoformat(unsent[repeated]).replace(tzinfo=datetime.UTC)
    assert rows(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    ) == [(1,)]

    second.start()
    try:
        wait_for(
            lambda: rows("SELECT count(*) FROM core_outboxemail WHERE status != 'sent'") == [(0,)],
            "every email sent",
            second,
        )
        wait_for(
            lambda: (
                rows(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                    "WHERE status IN ('READY', 'RUNNING')"
                )
                == [(0,)]
            ),
            "every task finished",
            second,
        )
    finally:
        second.stop()

    with closing(sqlite3.connect(database)) as copy:
        copy.backup(connection.connection)

    emails = {e.to: e for e in OutboxEmail.objects.all()}
    assert len(emails) == EMAILS
    assert {e.status for e in emails.values()} == {OutboxEmail.Status.SENT}
    copies = {}
    for at, to, message_id in handler.received:
        copies.setdefault(to, []).append((at, message_id))
    # No email lost; each copy carries the Message-ID of its row.
    assert set(copies) == set(emails)
    for address, received in copies.items():
        assert {message_id for _, message_id in received} == {outbox.message_id(emails[address])}
    # Only the email in the window went out twice, and not before its lease ran out.
    twice = {address for address, received in copies.items() if len(received) > 1}
    assert twice == in_window
    assert len(copies[repeated]) == 2
    (first_copy, _), (second_copy, _) = copies[repeated]
    assert first_copy < lease_end.timestamp() <= second_copy
    # The email turned away once was retried by the worker itself (no housekeeping ran),
    # after the first retry delay, and accepted once.
    (refused_at,) = handler.refused
    ((accepted_at, _),) = copies[REFUSED]
    assert accepted_at - refused_at >= crash_settings.EVENTS_EMAIL_RETRY_SECONDS
    assert (emails[REFUSED].attempts, emails[REFUSED].last_error) == (2, "")
    assert {e.attempts for a, e in emails.items() if a not in (REFUSED, repeated)} == {1}
    assert emails[repeated].attempts == 2
    # Nothing left running: the dead worker's task was given up when it started again.
    tasks = DBTaskResult.objects.all()
    assert not tasks.filter(status__in=["READY", "RUNNING"]).exists()
    lost = tasks.get(status="FAILED", exception_class_path="core.outbox.WorkerLost")
    assert lost.args_kwargs["args"] == [emails[repeated].pk]
