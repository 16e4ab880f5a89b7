"""The site's email outbox, with a tiny kind registered the way an app registers its
own (``outbox.register`` in ``AppConfig.ready``)."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone, translation

from core import outbox
from core.models import KIND_LABELS, OutboxEmail

pytestmark = pytest.mark.django_db

PING = "test_ping"


@pytest.fixture
def built(monkeypatch):
    """Register the kind ``test_ping`` for this test; returns the messages it built."""
    messages = []

    def build(email):
        # Built at send time, in the recipient's language.
        message = EmailMessage(
            subject=f"ping {translation.get_language()} {email.owner.username}", to=[email.to]
        )
        messages.append(message)
        return message

    monkeypatch.setattr(outbox, "_builders", {**outbox._builders})
    monkeypatch.setitem(KIND_LABELS, PING, "Ping")  # removed again after the test
    outbox.register([(PING, "Ping")], build)
    return messages


@pytest.fixture
def owner():
    # Any row can own emails; a user will do (core knows no app).
    return get_user_model().objects.create_user(username="owner")


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
    with time_machine.travel(timezone.now() + outbox.LEASE + datetime.timedelta(seconds=1)):
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
