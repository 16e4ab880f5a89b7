"""The settings of the worker that tests/core/test_outbox_crash.py kills: the test
suite's, with a lease of seconds instead of minutes (and a first retry after one second),
so that the test sees an email whose worker died go out again without waiting ten
minutes."""

from tests.settings import *  # noqa: F403

OUTBOX_LEASE_SECONDS = 4
EVENTS_EMAIL_RETRY_SECONDS = 1
