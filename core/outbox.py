"""The email outbox of the whole site: every email goes through here.

An app queues a row in the same transaction as the change it reports (``queue``);
after commit a background task sends it (``deliver``). The message is built only then,
in the recipient's language, by the builder the app registered for the row's kind in
its ``AppConfig.ready`` (``register``): core never imports an app.

Sending never happens inside a transaction or a lock. A row is claimed with a lease
(``OUTBOX_LEASE_SECONDS``, 10 minutes), sent, then marked sent; a failure is recorded and
the row tried again later with a growing delay (1, 2, 4 … minutes: by the worker itself,
which queues the task again for that time, and by ``send_due`` from the housekeeping),
so the change behind it is never lost.

The guarantee is at-least-once delivery:

- No email is lost. A row that is not marked sent is sent again once its lease has run
  out, whatever happened to the process that had claimed it (killed, out of memory,
  machine gone): by the worker, which gives up a task a dead worker left running
  (``recover_tasks``, when a worker starts and from the housekeeping) and queues the
  email again for the end of its lease, and by the housekeeping's ``send_due``.
- An email is sent twice only if its row could not be marked sent after the SMTP server
  accepted the message: the process died (or lost its database) between the server's
  "250 OK" for the message and the row's update, which is a single UPDATE a few
  milliseconds long (longer only while the database makes it wait for a lock; the
  connection is closed only after it, so even the server's goodbye is outside the
  window); or the connection broke after the server had accepted
  the message but before its answer arrived, so the send counts as failed; or a process
  froze for longer than the lease in the middle of a send. The second copy goes out no
  earlier than the end of the first claim's lease (or the failure's retry delay), and it
  carries the same ``Message-ID`` (``message_id``: fixed by the row), so mail clients
  and many mail servers show it once.
"""

import datetime
import enum
import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from .models import KIND_LABELS, OutboxEmail

logger = logging.getLogger(__name__)


def lease() -> datetime.timedelta:
    """How long a claimed email is left to the process that claimed it; after that, it is
    sent again. Far longer than any send (the SMTP timeout is 10 s)."""
    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


Builder = Callable[[OutboxEmail], EmailMessage]
_builders: dict[str, Builder] = {}


def register(kinds: Iterable[tuple[str, str]], build: Builder) -> None:
    """Let ``build(email)`` make the message of each of ``kinds`` ((kind, label) pairs,
    such as a TextChoices' ``choices``). It is called at send time with the email's
    language active. The label names the email in the admin and on the person's data
    page."""
    for kind, label in kinds:
        if _builders.get(kind, build) is not build:
            raise ValueError(f"Email kind {kind!r} is already registered")
        _builders[kind] = build
        KIND_LABELS[kind] = label


def absolute_url(path: str) -> str:
    """``path`` on the portal's public address (``PORTAL_BASE_URL``), for links in emails."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def kinds() -> list[tuple[str, str]]:
    """Every registered (kind, label)."""
    return list(KIND_LABELS.items())


def queue(
    owner: models.Model, kind: str, *, to: str, language: str, ref: int | None = None
) -> OutboxEmail:
    """Write one email to the outbox; a task sends it once the transaction commits.

    ``ref``: the id of one more record the kind's builder reads (see ``OutboxEmail.ref``).

    Raises ValueError for a kind no app registered, so a typo fails where it is made.
    """
    if kind not in _builders:
        raise ValueError(f"No builder registered for email kind {kind!r}")
    email = OutboxEmail.objects.create(
        owner=owner,
        kind=kind,
        to=to,
        language=language,
        ref=ref,
    )
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id: int):
    try:
        deliver.enqueue(email_id)
    except Exception:
        # The row stays queued; the housekeeping's send_due() sends it later.
        logger.exception("Could not enqueue email %s", email_id)


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes (with the default base), at most six hours."""
    base = settings.EVENTS_EMAIL_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def message_id(email: OutboxEmail) -> str:
    """The ``Message-ID`` of the row's message: the same on every attempt, so a copy sent
    again after a crash is recognised as the same message. Unique across databases too
    (the time of queueing is part of it), on the portal's domain."""
    domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    stamp = email.created_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    return f"<outbox-{email.pk}.{stamp}@{domain}>"


class Delivery(enum.Enum):
    SENT = "sent"
    FAILED = "failed"  # recorded, with the time of the next attempt
    SKIPPED = "skipped"  # already sent, not yet due, or being sent by another worker


def send(email_id: int) -> Delivery:
    """Send one outbox email if it is due and not taken by another worker.

    The row is marked sent as soon as the SMTP server has accepted the message, before
    the connection is closed: that update is the only moment in which this process dying
    makes the email go out twice (see the module's docstring)."""
    now = timezone.now()
    claimed = (
        OutboxEmail.objects.filter(pk=email_id, next_attempt_at__lte=now)
        .exclude(status=OutboxEmail.Status.SENT)
        .update(next_attempt_at=now + lease(), attempts=F("attempts") + 1)
    )
    if not claimed:
        return Delivery.SKIPPED
    email = OutboxEmail.objects.get(pk=email_id)
    connection = None
    try:
        with translation.override(email.language):
            message = _builders[email.kind](email)
        message.extra_headers = {**message.extra_headers, "Message-ID": message_id(email)}
        connection = get_connection()
        connection.open()
        connection.send_messages([message])
    except Exception as error:
        _close(connection)
        OutboxEmail.objects.filter(pk=email_id).update(
            status=OutboxEmail.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=timezone.now() + retry_delay(email.attempts),
        )
        logger.warning("Email %s failed (attempt %s): %s", email_id, email.attempts, error)
        return Delivery.FAILED
    OutboxEmail.objects.filter(pk=email_id).update(
        status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    _close(connection)
    return Delivery.SENT


def _close(connection) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:
        # The message was accepted (or its failure recorded): a server that hangs up
        # rudely changes nothing.
        logger.info("Closing the email connection failed", exc_info=True)


def send_due(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Send every queued or failed email that is due; returns (sent, failed)."""
    now = now or timezone.now()
    due = OutboxEmail.objects.filter(next_attempt_at__lte=now).exclude(
        status=OutboxEmail.Status.SENT
    )
    sent = failed = 0
    for email_id in due.values_list("pk", flat=True):
        outcome = send(email_id)
        sent += outcome is Delivery.SENT
        failed += outcome is Delivery.FAILED
    return sent, failed


def _enqueue_at_next_attempt(email_id: int, *statuses: str) -> bool:
    """Queue the delivery of an email that is not sent for its next attempt time."""
    pending = OutboxEmail.objects.filter(pk=email_id).exclude(status=OutboxEmail.Status.SENT)
    if statuses:
        pending = pending.filter(status__in=statuses)
    retry_at = pending.values_list("next_attempt_at", flat=True).first()
    if retry_at is None:
        return False
    deliver.using(run_after=retry_at).enqueue(email_id)
    return True


@task()
def deliver(email_id: int):
    """Send one outbox email. When sending fails, the worker itself tries again at the
    row's next attempt time (1, 2, 4 … minutes), as long as the email is not sent;
    housekeeping retries too, for backends that cannot defer a task."""
    if send(email_id) is not Delivery.FAILED:
        return
    if deliver.get_backend().supports_defer:
        _enqueue_at_next_attempt(email_id, OutboxEmail.Status.FAILED)


class WorkerLost(Exception):
    """Recorded on a delivery task that a worker was running when it died."""


def recover_tasks(*, now: datetime.datetime | None = None, dead_worker: str = "") -> int:
    """Give up the delivery tasks that dead workers left running, and deliver their emails
    again; returns how many.

    django-tasks-db marks a task running when a worker takes it and finished when the
    task returns; a worker that is killed in between leaves it running for ever. A task
    is dead when it has been running for longer than the lease (no send takes that long),
    or when it was taken by ``dead_worker``: the id of a worker that is starting, so its
    earlier process is gone. It is marked failed (``WorkerLost``) and, unless its email
    has been sent meanwhile, a new task sends the email when the email's lease ends.
    Only for django-tasks-db's database backend; other backends keep no such rows.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    backend = deliver.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    now = now or timezone.now()
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        backend_name=backend.alias,
        task_path=deliver.module_path,
    )
    recovered = 0
    for result in running.only("pk", "started_at", "worker_ids", "args_kwargs"):
        outlived = result.started_at is None or result.started_at <= now - lease()
        if not outlived and result.worker_ids[-1:] != [dead_worker]:
            continue
        # Conditional, so that of two processes recovering at once only one re-queues.
        given_up = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: the worker running this task died "
            f"(started at {result.started_at}, by {', '.join(result.worker_ids)})\n",
        )
        if not given_up:
            continue
        recovered += 1
        args, kwargs = result.args_kwargs["args"], result.args_kwargs["kwargs"]
        email_id = args[0] if args else kwargs["email_id"]
        if _enqueue_at_next_attempt(email_id):
            logger.warning("Email %s: its worker died; queued again", email_id)
    return recovered
