"""The site's periodic jobs, in one registry that the apps fill.

Each app registers its time-driven work when it is ready
(``housekeeping.register("events", events.housekeeping.run)``); the site-wide
``manage.py housekeeping`` command runs every job, in registration order (that of
INSTALLED_APPS), then recovers the email deliveries that a dead worker left running and
sends the outbox's due emails, so that what the jobs queued goes out in the same round.
A job is idempotent, safe to run at any time and as often as you like, and returns a
short account of what it did ("expired 2, reminders 0").
"""

import datetime
from collections.abc import Callable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from . import outbox

Job = Callable[[], str]
_jobs: dict[str, Job] = {}


def register(name: str, func: Job) -> None:
    """Add (or replace, under the same name) a periodic job."""
    _jobs[name] = func


def jobs() -> dict[str, Job]:
    return dict(_jobs)


def run_all() -> list[str]:
    """Run every job once, then send the due emails of every app; their accounts."""
    accounts = [func() for func in _jobs.values()]
    recovered = outbox.recover_tasks()
    sent, failed = outbox.send_due()
    return [*accounts, f"emails sent {sent}, failed {failed}, deliveries recovered {recovered}"]


def prune_login_records() -> int:
    """Admin login records (django-axes) hold addresses: keep them a limited time."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.AXES_LOG_RETENTION_DAYS)
    deleted = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    deleted += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    # Failed attempts long past their cool-off lock nothing any more.
    deleted += AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted


def core_jobs() -> str:
    logins = prune_login_records()
    return f"login records deleted {logins}"
