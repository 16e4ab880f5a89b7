"""SEC-01: production settings pass `check --deploy` with zero warnings."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.parametrize("behind_proxy", ["0", "1"])
def test_check_deploy_has_no_warnings_with_production_settings(behind_proxy):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "next2met.example.eu",
        "DJANGO_BEHIND_TLS_PROXY": behind_proxy,
        "DJANGO_ADMIN_REQUIRE_2FA": behind_proxy,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _check_deploy(**env):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "next2met.example.eu",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_warns_when_several_workers_count_rate_limits_apart():
    several = _check_deploy(WEB_CONCURRENCY="5")
    assert several.returncode != 0
    assert "core.W001" in several.stderr + several.stdout
    assert "5 worker processes" in several.stderr + several.stdout
    default = _check_deploy()  # gunicorn's default: 2 x cores + 1
    assert "core.W001" in default.stderr + default.stdout
    one = _check_deploy(WEB_CONCURRENCY="1")
    assert "core.W001" not in one.stderr + one.stdout
    shared = _check_deploy(WEB_CONCURRENCY="5", REDIS_URL="redis://127.0.0.1:6379/0")
    assert "core.W001" not in shared.stderr + shared.stdout


def test_check_deploy_warns_when_the_proxy_is_trusted_from_nowhere():
    result = _check_deploy(
        REDIS_URL="redis://127.0.0.1:6379/0",
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_TRUSTED_PROXIES="",
        DJANGO_ADMIN_REQUIRE_2FA="1",
    )
    assert "core.W002" in result.stderr + result.stdout
