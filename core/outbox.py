"""The email outbox of the whole site: every email goes through here.

An app queues a row in the same transaction as the change it reports (``queue``);
after commit a background task sends it (``deliver``). The message is built only then,
in the recipient's language, by the builder the app registered for the row's kind in
its ``AppConfig.ready`` (``register``): core never imports an app.

Sending never happens inside a transaction or a lock. A row is claimed with a short
lease, sent, then marked sent; a failure is recorded and the row tried again later
with a growing delay (by the task itself when the tasks backend can defer, and by
``send_due`` from the housekeeping), so the change behind it is never lost.
"""

import datetime
import enum
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from .models import KIND_LABELS, OutboxEmail

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=10)

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


def queue(owner: models.Model, kind: str, *, to: str, language: str) -> OutboxEmail:
    """Write one email to the outbox; a task sends it once the transaction commits.

    Raises ValueError for a kind no app registered, so a typo fails where it is made.
    """
    if kind not in _builders:
        raise ValueError(f"No builder registered for email kind {kind!r}")
    email = OutboxEmail.objects.create(
        owner=owner,
        kind=kind,
        to=to,
        language=language,
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


class Delivery(enum.Enum):
    SENT = "sent"
    FAILED = "failed"  # recorded, with the time of the next attempt
    SKIPPED = "skipped"  # already sent, not yet due, or being sent by another worker


def send(email_id: int) -> Delivery:
    """Send one outbox email if it is due and not taken by another worker."""
    now = timezone.now()
    claimed = (
        OutboxEmail.objects.filter(pk=email_id, next_attempt_at__lte=now)
        .exclude(status=OutboxEmail.Status.SENT)
        .update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    )
    if not claimed:
        return Delivery.SKIPPED
    email = OutboxEmail.objects.get(pk=email_id)
    try:
        with translation.override(email.language):
            message = _builders[email.kind](email)
        message.send()
    except Exception as error:
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
    return Delivery.SENT


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


@task()
def deliver(email_id: int):
    """Send one outbox email. When sending fails, the worker itself tries again at the
    row's next attempt time (1, 2, 4 … minutes), as long as the email is not sent;
    housekeeping retries too, for backends that cannot defer a task."""
    if send(email_id) is not Delivery.FAILED:
        return
    if not deliver.get_backend().supports_defer:
        return
    retry_at = (
        OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.FAILED)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry_at is not None:
        deliver.using(run_after=retry_at).enqueue(email_id)
