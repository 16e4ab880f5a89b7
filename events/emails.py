"""Sending the outbox: each email in the registrant's language, with the links it needs.

Sending never happens inside a transaction or a lock. A row is claimed with a short
lease, sent, then marked sent; a failure is recorded and the row retried later with
a growing delay, so the registration behind it is never lost.
"""

import datetime
import enum
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .calendar import event_ics
from .models import Notification, Registration
from .tokens import CONFIRM, MANAGE, make_token

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=10)
K = Notification.Kind
SUBJECTS = {
    K.CONFIRM_EMAIL: _("Please confirm your registration: %(event)s"),
    K.WAITLISTED: _("You are on the waiting list: %(event)s"),
    K.ALREADY_REGISTERED: _("You are already registered: %(event)s"),
    K.CONFIRMED: _("Registration confirmed: %(event)s"),
    K.PROMOTED: _("A seat is yours: %(event)s"),
    K.CANCELLED: _("Registration cancelled: %(event)s"),
    K.REMINDER: _("Reminder: %(event)s"),
    K.EVENT_UPDATED: _("The event has changed: %(event)s"),
    K.EVENT_CANCELLED: _("The event is cancelled: %(event)s"),
    K.MATERIALS: _("The presentations are online: %(event)s"),
}
# Emails that put the event in the participant's calendar.
WITH_CALENDAR = {K.CONFIRMED, K.PROMOTED, K.REMINDER, K.EVENT_UPDATED, K.EVENT_CANCELLED}
# Emails that may carry the online meeting link (only to people with a seat).
WITH_ONLINE_LINK = {K.CONFIRMED, K.PROMOTED, K.REMINDER, K.EVENT_UPDATED}


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def waitlist_position(registration: Registration) -> int:
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Registration.Status.WAITLISTED,
        )
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def build_message(notification: Notification) -> EmailMessage:
    registration = notification.registration
    event = registration.event
    kind = notification.kind
    with translation.override(registration.language):
        context = {
            "kind": kind,
            "registration": registration,
            "event": event,
            "event_url": absolute(event.get_absolute_url()),
            "manage_url": absolute(
                reverse("events:manage", kwargs={"token": make_token(registration, MANAGE)})
            ),
            "confirm_url": absolute(
                reverse("events:confirm", kwargs={"token": make_token(registration, CONFIRM)})
            ),
            "confirm_hours": settings.EVENTS_CONFIRM_HOURS,
            "online_url": event.online_url
            if kind in WITH_ONLINE_LINK and registration.status == Registration.Status.CONFIRMED
            else "",
        }
        if registration.status == Registration.Status.WAITLISTED:
            context["position"] = waitlist_position(registration)
        subject = str(SUBJECTS[kind] % {"event": event.title})
        body = render_to_string(f"emails/{kind}.txt", context)
        body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[registration.email],
        reply_to=[event.contact_email] if event.contact_email else None,
    )
    if kind in WITH_CALENDAR:
        message.attach(f"{event.slug}.ics", event_ics(event), "text/calendar")
    return message


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes (with the default base), at most six hours."""
    base = settings.EVENTS_EMAIL_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


class Delivery(enum.Enum):
    SENT = "sent"
    FAILED = "failed"  # recorded, with the time of the next attempt
    SKIPPED = "skipped"  # already sent, not yet due, or being sent by another worker


def send_notification(notification_id: int) -> Delivery:
    """Send one outbox email if it is due and not taken by another worker."""
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, next_attempt_at__lte=now)
        .exclude(status=Notification.Status.SENT)
        .update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    )
    if not claimed:
        return Delivery.SKIPPED
    notification = Notification.objects.select_related(
        "registration__event", "registration__event__host"
    ).get(pk=notification_id)
    try:
        build_message(notification).send()
    except Exception as error:
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=timezone.now() + retry_delay(notification.attempts),
        )
        logger.warning(
            "Email %s failed (attempt %s): %s", notification_id, notification.attempts, error
        )
        return Delivery.FAILED
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return Delivery.SENT


def send_due_notifications(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Send every queued or failed email that is due; returns (sent, failed)."""
    now = now or timezone.now()
    due = Notification.objects.filter(next_attempt_at__lte=now).exclude(
        status=Notification.Status.SENT
    )
    sent = failed = 0
    for notification_id in due.values_list("pk", flat=True):
        outcome = send_notification(notification_id)
        sent += outcome is Delivery.SENT
        failed += outcome is Delivery.FAILED
    return sent, failed
