"""No log line carries a registration token or an email address (issue 13, item 8)."""

import datetime
import logging

import pytest
from django.test import Client
from django.utils import timezone

from events import services
from events.tokens import CONFIRM, MANAGE, make_token
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_4xx_and_5xx_answers_on_registration_links_log_neither_token_nor_address(
    caplog, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    event = EventFactory(
        slug="past-deadline",
        cancellation_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    registration = RegistrationFactory(event=event, email="aino.virtanen@example.org")
    manage = make_token(registration, MANAGE)
    confirm = make_token(registration, CONFIRM)
    client = Client(raise_request_exception=False)

    # 404: a link whose registration is gone (the token is valid, the row is not).
    gone = RegistrationFactory(event=event, email="gone@example.org")
    gone_token = make_token(gone, MANAGE)
    gone.delete()
    assert client.get(f"/en/registration/{gone_token}/").status_code == 404
    # 409: cancelling after the deadline.
    response = client.post(f"/en/registration/{manage}/", {"action": "cancel", "confirm": "yes"})
    assert response.status_code == 409
    # 403: a POST without its CSRF token.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/en/registration/confirm/{confirm}/").status_code == 403

    # 500: the service fails with the address in its message.
    def broken(**kwargs):
        raise RuntimeError(f"mail to {registration.email} failed for {manage}")

    monkeypatch.setattr(services, "registration_erase", broken)
    assert client.post(f"/en/registration/{manage}/", {"action": "erase"}).status_code == 500

    logged = caplog.text
    assert "Internal Server Error" in logged and "Not Found" in logged
    assert "Forbidden" in logged and "Conflict" in logged
    for secret in (manage, confirm, gone_token, registration.email, "gone@example.org"):
        assert secret not in logged
        for part in secret.split(":"):
            assert len(part) < 20 or part not in logged
    assert "[token]" in logged and "[email]" in logged


def test_password_reset_and_invitation_tokens_are_redacted():
    from core.logredact import redact

    token = "dj3yox-f21982192b278953e1365d07b45413fc"
    for path in (f"/admin/password-reset/MTI/{token}/", f"/admin/invitation/MTI/{token}/"):
        assert redact(f"Not Found: {path}") == f"Not Found: {path.replace(token, '[token]')}"
    assert redact("a well-known-word-list") == "a well-known-word-list"
