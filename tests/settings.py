"""The test suite's settings: the portal's own, read with the environment of the tests.

pytest names this module (pyproject.toml); the portal's settings know nothing of tests.
A variable already set wins (e.g. DATABASE_URL for the PostgreSQL run in CI).
"""

import os

TEST_ENVIRONMENT = {
    # Debug off, as in production; a throwaway key instead of production's secret.
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "tests-only-" + "x" * 50,
    # The test client and the browser tests' live server speak plain HTTP.
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    # Static files as they are in the tree, with no collectstatic run first.
    "DJANGO_STATIC_MANIFEST": "0",
    # Emails are sent at once, in the test's own transaction and thread.
    "DJANGO_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
}
for name, value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(name, value)

from next2met.settings import *  # noqa: E402, F403
