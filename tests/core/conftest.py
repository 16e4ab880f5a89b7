"""A tiny email kind for the outbox's tests, registered the way an app registers its
own (``outbox.register`` in ``AppConfig.ready``)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import translation

from core import outbox
from core.models import KIND_LABELS

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
