import re
import smtplib

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend

from tests.factories import EventFactory


class DownEmailBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture(autouse=True)
def _events_settings(settings):
    settings.EVENTS_MIN_FORM_SECONDS = 0
    cache.clear()  # rate-limit counters


@pytest.fixture
def event(db):
    return EventFactory(slug="lahti-ple", title_en="Lahti PLE", capacity=2)


def form_data(**overrides):
    data = {
        "name": "Aino Virtanen",
        "email": "aino@example.org",
        "organisation": "Lahti University of Applied Sciences",
        "organisation_type": "research",
        "country": "FI",
        "language": "en",
        "access_needs": "",
        "privacy": "on",
        "website": "",
    }
    data.update(overrides)
    return data


class Stakeholder:
    """Drives the public flow through the HTTP client, as a person with a mailbox would."""

    def __init__(self, client, event, capture):
        self.client = client
        self.event = event
        self.capture = capture

    def register(self, **overrides):
        page = self.client.get(f"/en/events/{self.event.slug}/")
        started = re.search(rb'name="started" value="([^"]+)"', page.content).group(1).decode()
        with self.capture(execute=True):
            return self.client.post(
                f"/en/events/{self.event.slug}/register/",
                form_data(**{"started": started, **overrides}),
            )

    def post(self, url, data=None):
        with self.capture(execute=True):
            return self.client.post(url, data or {})

    @staticmethod
    def last_link(kind, to=None):
        """The newest link of a kind ("confirm" or "manage") mailed to ``to``."""
        for message in reversed(mail.outbox):
            if to and to not in message.to:
                continue
            pattern = r"http://127\.0\.0\.1:8000(/\w\w/registration/confirm/[^/\s]+/)"
            if kind == "manage":
                pattern = r"http://127\.0\.0\.1:8000(/\w\w/registration/(?!confirm/)[^/\s]+/)"
            found = re.search(pattern, message.body)
            if found:
                return found.group(1)
        raise AssertionError(f"no {kind} link mailed")


@pytest.fixture
def stakeholder(client, event, django_capture_on_commit_callbacks):
    return Stakeholder(client, event, django_capture_on_commit_callbacks)
