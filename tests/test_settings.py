"""The secret key: required unless debug is on, which local tooling sets explicitly
(Makefile, .ci/run); the settings never guess from the command how they were started."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **variables):
    env = {"PATH": os.environ["PATH"], **variables}  # no other DJANGO_* variables at all
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_makemigrations_check_runs_on_a_fresh_checkout_without_a_secret():
    # As the Makefile and .ci/run run it.
    result = manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No changes detected" in result.stdout


def test_the_deploy_check_still_flags_the_missing_secret():
    # Debug on is the only way to start without a secret: the placeholder is flagged.
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="1")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_commands_that_sign_or_serve_refuse_to_start_without_a_secret():
    result = manage("migrate", "--plan")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_tooling_without_debug_needs_a_secret_too():
    """No command is let off by its name: debug or a secret, nothing in between."""
    result = manage("showmigrations")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr
