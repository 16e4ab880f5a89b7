"""SEC-23: django-axes locks a username from one address, for 30 minutes, not an office."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.factories import staff_user
from tests.security.conftest import login

OFFICE = {"REMOTE_ADDR": "192.0.2.10"}


def fail(client, username, times, **extra):
    for _ in range(times):
        response = login(client, username, "wrong password", **{**OFFICE, **extra})
    return response


def test_five_failures_lock_out_even_the_right_password(client, editor):
    assert fail(client, "editor", 4).status_code == 200  # the form again, with its error
    response = fail(client, "editor", 1)
    assert response.status_code == 429
    assert login(client, "editor", **OFFICE).status_code == 429
    page = response.content.decode()
    assert "<h1>Too many failed logins</h1>" in page
    assert "try again in 30 minutes" in page
    assert '<html lang="en">' in page


def test_a_colleague_behind_the_same_address_can_still_log_in(client, editor, lead):
    staff_user(lead, username="colleague")
    fail(client, "editor", 5)
    assert login(client, "colleague", **OFFICE).status_code == 302


def test_the_same_username_from_another_address_is_not_locked(client, editor):
    fail(client, "editor", 5)
    assert login(client, "editor", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail(client, "editor", 5)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=29)):
        assert login(client, "editor", **OFFICE).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        assert login(client, "editor", **OFFICE).status_code == 302


def test_a_success_resets_the_failure_count(client, editor):
    fail(client, "editor", 4)
    assert login(client, "editor", **OFFICE).status_code == 302
    client.logout()
    assert fail(client, "editor", 4).status_code == 200


def test_the_lockout_page_of_a_script_has_no_cors_header(client, editor):
    response = fail(client, "editor", 5, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


@override_settings(BEHIND_TLS_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_proxy_the_address_is_the_entry_it_appended(client, editor):
    # The client wrote the first entry; our proxy appended the real address.
    for forged in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"):
        login(
            client,
            "editor",
            "wrong password",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"{forged}, 192.0.2.10",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}
    forged_again = login(
        client, "editor", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.10"
    )
    assert forged_again.status_code == 429


def test_housekeeping_deletes_old_login_records(client, editor, settings):
    settings.AXES_LOG_RETENTION_DAYS = 90
    with time_machine.travel(timezone.now() - datetime.timedelta(days=91)):
        login(client, "editor", **OFFICE)
        fail(client, "editor", 1)
    client.logout()
    login(client, "editor", **OFFICE)
    assert AccessLog.objects.count() == 2
    call_command("events_housekeeping")
    assert AccessLog.objects.count() == 1
    assert AccessAttempt.objects.count() == 0


@pytest.mark.parametrize(
    ("behind_proxy", "meta", "expected"),
    [
        (False, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.1"}, "192.0.2.1"),
        (
            True,
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 192.0.2.1"},
            "192.0.2.1",
        ),
        (True, {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
        # A client that reaches the app server directly cannot claim an address.
        (
            True,
            {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "192.0.2.1"},
            "198.51.100.7",
        ),
    ],
)
def test_client_ip_trusts_one_proxy_hop_only(rf, settings, behind_proxy, meta, expected):
    from core.client_ip import client_ip

    settings.BEHIND_TLS_PROXY = behind_proxy
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(rf.get("/", **meta)) == expected
