"""The secret key: tooling runs without one; anything that signs or serves does not."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args):
    env = {"PATH": os.environ["PATH"]}  # no DJANGO_* variables at all
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_makemigrations_check_runs_on_a_fresh_checkout_without_a_secret():
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No changes detected" in result.stdout


def test_the_deploy_check_still_flags_the_missing_secret():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_commands_that_sign_or_serve_refuse_to_start_without_a_secret():
    result = manage("migrate", "--plan")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr
