"""SEC-24: optional TOTP for staff, one login form, enrolment with a QR code, removal."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import login


def current_code(device):
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


@pytest.fixture
def enrolled(editor):
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def test_without_a_device_the_password_is_enough(client, editor):
    assert login(client, "editor").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_enrolled_user_without_the_code_is_told_next_to_the_code_field(client, enrolled):
    response = login(client, "editor")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"otp_token": ["Enter the current code from your authenticator app."]}
    page = response.content.decode()
    # The error sits in the code field's row, right before its label.
    row = re.search(
        r'<div class="form-row">\s*<ul class="errorlist[^>]*>.*?</ul>\s*'
        r'<label[^>]*for="id_otp_token"',
        page,
        re.S,
    )
    assert row, page
    assert client.get("/admin/").status_code == 302  # not logged in


def test_an_enrolled_user_with_a_wrong_code_is_refused(client, enrolled):
    wrong = f"{(int(current_code(enrolled)) + 1) % 1_000_000:06d}"
    response = login(client, "editor", code=wrong)
    assert response.context["form"].errors["otp_token"] == [
        "This code is not valid. Enter the current code from your app, "
        "or a recovery code you have not used yet."
    ]
    assert client.get("/admin/").status_code == 302


def test_an_enrolled_user_with_the_current_code_gets_in(client, enrolled):
    assert login(client, "editor", code=current_code(enrolled)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_count_towards_the_lockout(client, enrolled):
    for _ in range(5):
        response = login(client, "editor", code="000000", REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429


def test_a_session_with_only_the_password_loses_the_admin_once_a_device_exists(client, editor):
    login(client, "editor")
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    assert client.get("/admin/").status_code == 302


def test_enrolment_shows_a_qr_code_and_is_confirmed_with_the_first_code(client, editor):
    login(client, "editor")
    page = client.get("/admin/two-factor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].count("no-store") == 1
    uri = page.context["otpauth_uri"]
    assert uri.startswith("otpauth://totp/Next2Met%3Aeditor?secret=")
    assert '<svg role="img" aria-labelledby="qr-title"' in html
    assert "<script" not in html.split("</header>")[-1] and "style=" not in html
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed

    assert client.post("/admin/two-factor/", {"code": "12"}).status_code == 400
    # After a wrong code the device waits a little before it takes the next one.
    throttled = client.post("/admin/two-factor/", {"code": current_code(device)})
    assert throttled.context["form"].errors["code"] == [
        "Too many wrong codes in a row. Wait a minute, then try again."
    ]
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        response = client.post("/admin/two-factor/", {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200  # this session counts as verified

    client.logout()
    assert login(client, "editor").status_code == 200
    later = timezone.now() + datetime.timedelta(seconds=40)
    with time_machine.travel(later, tick=False):
        device.refresh_from_db()
        assert login(client, "editor", code=current_code(device)).status_code == 302


def test_removing_the_device_needs_a_code(client, enrolled):
    login(client, "editor", code=current_code(enrolled))
    page = client.get("/admin/two-factor/").content.decode()
    assert "Remove two-factor login" in page
    refused = client.post("/admin/two-factor/", {"code": ""})
    assert refused.context["form"].errors == {"code": ["Enter the code that your app shows now."]}
    assert TOTPDevice.objects.filter(pk=enrolled.pk).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=40), tick=False):
        enrolled.refresh_from_db()
        client.post("/admin/two-factor/", {"code": current_code(enrolled)})
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()
    client.logout()
    assert login(client, "editor").status_code == 302


def test_when_required_staff_without_a_device_are_sent_to_enrolment(client, editor, settings):
    settings.ADMIN_REQUIRE_2FA = True
    assert login(client, "editor").status_code == 302
    response = client.get("/admin/partners/partner/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/"
    page = client.get("/admin/two-factor/")
    assert "Two-factor login is required for all staff" in page.content.decode()
    device = TOTPDevice.objects.get(user=editor)
    client.post("/admin/two-factor/", {"code": current_code(device)})
    assert client.get("/admin/partners/partner/").status_code == 200


def test_the_enrolment_page_is_for_staff_only(client, db):
    assert client.get("/admin/two-factor/").status_code == 302
    assert not TOTPDevice.objects.exists()
