"""The site's email outbox, with a tiny kind registered the way an app registers its
own (``outbox.register`` in ``AppConfig.ready``, see conftest.py)."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from core import outbox
from core.models import OutboxEmail
from tests.core.conftest import PING

pytestmark = pytest.mark.django_db


def test_queued_email_is_sent_after_commit(built, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = outbox.queue(owner, PING, to="owner@example.org", language="de")
    assert (email.status, mail.outbox) == (OutboxEmail.Status.QUEUED, [])  # not before commit
    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 1)
    assert email.sent_at is not None
    assert [(m.subject, m.to) for m in mail.outbox] == [("ping de owner", ["owner@example.org"])]
    assert email.get_kind_display() == "Ping"


def test_failure_is_retried_with_a_growing_delay(built, owner, settings):
    settings.EVENTS_EMAIL_RETRY_SECONDS = 60
    settings.EMAIL_BACKEND = "tests.events.conftest.DownEmailBackend"
    email = outbox.queue(owner, PING, to="owner@example.org", language="en")
    delays = []
    for _ in range(3):
        with time_machine.travel(email.next_attempt_at, tick=False):
            assert outbox.send(email.pk) is outbox.Delivery.FAILED
            email.refresh_from_db()
            delays.append((email.next_attempt_at - timezone.now()).total_seconds())
            # Not due again before the delay is over.
            assert outbox.send(email.pk) is outbox.Delivery.SKIPPED
    assert delays == [60, 120, 240]
    assert (email.status, email.attempts) == (OutboxEmail.Status.FAILED, 3)
    assert "SMTPServerDisconnected" in email.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(email.next_attempt_at + datetime.timedelta(seconds=1)):
        assert outbox.send_due() == (1, 0)
        assert outbox.send_due() == (0, 0)  # sent once
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 4, "")
    assert len(mail.outbox) == 1


def test_the_lease_prevents_a_second_worker_from_sending_the_same_email(built, owner, monkeypatch):
    email = outbox.queue(owner, PING, to="owner@example.org", language="en")
    second_worker = []

    def build_while_another_worker_tries(email):
        # Another worker picks up the same row while this one is sending it.
        second_worker.append(outbox.send(email.pk))
        return EmailMessage(subject="ping", to=[email.to])

    monkeypatch.setitem(outbox._builders, PING, build_while_another_worker_tries)
    assert outbox.send(email.pk) is outbox.Delivery.SENT
    assert second_worker == [outbox.Delivery.SKIPPED]
    assert len(mail.outbox) == 1


def test_a_worker_that_died_while_sending_leaves_the_email_to_the_next_after_the_lease(
    built, owner, monkeypatch
):
    email = outbox.queue(owner, PING, to="owner@example.org", language="en")

    def crash(email):
        raise SystemExit  # the worker process dies: nothing recorded

    monkeypatch.setitem(outbox._builders, PING, crash)
    with pytest.raises(SystemExit):
        outbox.send(email.pk)
    monkeypatch.setitem(outbox._builders, PING, lambda e: EmailMessage("ping", to=[e.to]))
    assert outbox.send_due() == (0, 0)  # leased
    with time_machine.travel(timezone.now() + outbox.lease() + datetime.timedelta(seconds=1)):
        assert outbox.send_due() == (1, 0)
    assert len(mail.outbox) == 1


def test_an_unknown_kind_fails_at_queue_time(built, owner):
    with pytest.raises(ValueError, match="test_pong"):
        outbox.queue(owner, "test_pong", to="owner@example.org", language="en")
    assert not OutboxEmail.objects.exists()


def test_a_kind_cannot_be_taken_by_a_second_builder(built):
    with pytest.raises(ValueError, match=PING):
        outbox.register([(PING, "Ping")], lambda email: None)


def test_the_apps_register_their_kinds():
    kinds = dict(outbox.kinds())
    assert {"confirm_email", "reminder", "goodpractice_status"} <= set(kinds)


class AcceptedThenCutBackend(LocmemBackend):
    """An SMTP server that accepts the message, then the connection breaks before its
    answer arrives: the server delivers it, the sender counts it as failed."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def message_ids():
    return [m.message()["Message-ID"] for m in mail.outbox]


def test_every_copy_of_an_email_carries_the_message_id_of_its_row(built, owner, settings):
    settings.PORTAL_BASE_URL = "https://next2met.example:8443"
    settings.EMAIL_BACKEND = "tests.core.test_outbox.AcceptedThenCutBackend"
    email = outbox.queue(owner, PING, to="owner@example.org", language="en")
    other = outbox.queue(owner, PING, to="other@example.org", language="en")
    assert outbox.send(email.pk) is outbox.Delivery.FAILED  # yet the server has it

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email.refresh_from_db()
    with time_machine.travel(email.next_attempt_at):
        assert outbox.send_due() == (2, 0)

    stamp = email.created_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    first = f"<outbox-{email.pk}.{stamp}@next2met.example>"
    assert [m.to for m in mail.outbox] == [[email.to], [email.to], [other.to]]
    # The copy sent again is the same message to the mail client; another row's is not.
    assert message_ids() == [first, first, outbox.message_id(other)]
    assert outbox.message_id(other) != first


class RecordingBackend(LocmemBackend):
    """Notes the email's status when the connection to the server is closed."""

    at_close = []

    def close(self):
        self.at_close.extend(OutboxEmail.objects.values_list("status", flat=True))


def test_the_email_is_marked_sent_before_the_connection_is_closed(built, owner, settings):
    """The server's goodbye takes a round trip (or a timeout): a crash while waiting
    for it must not send the email again."""
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RecordingBackend"
    RecordingBackend.at_close = []
    email = outbox.queue(owner, PING, to="owner@example.org", language="en")
    assert outbox.send(email.pk) is outbox.Delivery.SENT
    assert RecordingBackend.at_close == ["sent"]
