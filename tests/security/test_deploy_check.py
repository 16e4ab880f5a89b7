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
