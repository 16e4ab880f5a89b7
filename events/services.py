"""Writes that do more than one thing: registering, confirming, cancelling, promoting.

Every path that can give someone a seat locks the event row first, inside one short
transaction, and counts the seats from the registrations (pretix's discipline): the
public form, a late confirmation, the waiting-list promotion after a cancellation,
an expiry or a raised capacity. Emails are written to the outbox in the same
transaction and sent by a background task after commit, never inside the lock.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from core import outbox
from core.models import OutboxEmail
from core.pagecache import content_changed

from . import privacy
from .emails import Kind
from .models import Event, Registration, new_person_key, normalised_email

ACTIVE = [
    Registration.Status.PENDING,
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
]


class RegistrationError(Exception):
    """A registration step that cannot be done; ``code`` tells the view which message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class RegistrationResult:
    registration: Registration
    outcome: str  # "pending", "waitlisted" or "already_registered"


def confirm_window() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.EVENTS_CONFIRM_HOURS)


def _lock_event(event_id: int) -> Event:
    """Lock the event row for the rest of the transaction (a no-op on SQLite, where
    IMMEDIATE transactions already serialise writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Wait a little for the lock, then tell the user to try again.
            milliseconds = int(settings.EVENTS_LOCK_TIMEOUT_SECONDS * 1000)
            cursor.execute(f"SET LOCAL lock_timeout = {milliseconds}")
    return Event.objects.select_for_update().get(pk=event_id)


def seats_taken(event: Event, now: datetime.datetime) -> int:
    """The registrations holding a seat (Registration.objects.holding_seats)."""
    return event.registrations.holding_seats(now).count()


def free_seats(event: Event, now: datetime.datetime) -> int | None:
    """Seats left, or None for an event without a limit."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - seats_taken(event, now))


def queue_notification(registration: Registration, kind: str) -> OutboxEmail:
    """Write one of the registration's emails to the outbox; sent after commit."""
    return outbox.queue(registration, kind, to=registration.email, language=registration.language)


def _promote_waitlist(event: Event, now: datetime.datetime) -> list[Registration]:
    """Give free seats to the waiting list, oldest first. The caller holds the lock.

    Only people who confirmed their email address move up; they are confirmed at once.
    """
    waiting = event.registrations.filter(
        status=Registration.Status.WAITLISTED, email_confirmed_at__isnull=False
    ).order_by("waitlisted_at", "pk")
    free = free_seats(event, now)
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        queue_notification(registration, Kind.PROMOTED)
    return promoted


def registration_create(
    *, event_id: int, data: dict, language: str, now: datetime.datetime | None = None
) -> RegistrationResult:
    """Register a stakeholder: pending (holding a seat) or waitlisted when full.

    Locks the event; the same email (any case) never gets a second active
    registration: the existing one is kept and its manage link sent again.
    Raises RegistrationError("closed") or ("busy") when the lock cannot be had in time.
    """
    now = now or timezone.now()
    email = data["email"].strip().lower()
    try:
        with transaction.atomic(durable=True):
            # Known address: no seat changes hands, so no lock is needed.
            existing = _active_registration(event_id, email)
            if existing:
                queue_notification(existing, Kind.ALREADY_REGISTERED)
                return RegistrationResult(existing, "already_registered")
            event = _lock_event(event_id)
            if event.registration_state(now) != "open":
                raise RegistrationError("closed")
            free = free_seats(event, now)
            full = free is not None and free <= 0
            registration = Registration(
                **{**data, "email": email, "language": language},
                event=event,
                created_at=now,
                status=Registration.Status.WAITLISTED if full else Registration.Status.PENDING,
                expires_at=None if full else now + confirm_window(),
                waitlisted_at=now if full else None,
            )
            # The unique constraint is checked by the database below, race-free.
            registration.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    registration.save()
            except IntegrityError:
                # Same address at the same moment: the constraint kept one; use it.
                existing = _active_registration(event_id, email)
                queue_notification(existing, Kind.ALREADY_REGISTERED)
                return RegistrationResult(existing, "already_registered")
            queue_notification(
                registration,
                Kind.WAITLISTED if full else Kind.CONFIRM_EMAIL,
            )
            return RegistrationResult(registration, str(registration.status))
    except OperationalError as error:
        if _is_lock_timeout(error):
            raise RegistrationError("busy") from error
        raise


def _active_registration(event_id: int, email: str) -> Registration | None:
    return Registration.objects.filter(
        event_id=event_id, email__iexact=email, status__in=ACTIVE, anonymised_at__isnull=True
    ).first()


def _is_lock_timeout(error: OperationalError) -> bool:
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) == "55P03"


def _locked_registration(registration_id: int) -> tuple[Event, Registration]:
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = _lock_event(event_id)
    return event, Registration.objects.select_related("event").get(pk=registration_id)


def registration_confirm(*, registration_id: int, now: datetime.datetime | None = None):
    """Confirm the email address behind a registration (the double opt-in click).

    Idempotent: a second click changes nothing. A pending registration whose hold
    expired is checked against the seats again and may land on the waiting list;
    a waitlisted one stays waiting but can now be promoted.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        event, registration = _locked_registration(registration_id)
        status = registration.status
        if status == Registration.Status.CANCELLED:
            raise RegistrationError("cancelled")
        if status == Registration.Status.CONFIRMED:
            return registration
        if registration.email_confirmed_at is None:
            registration.email_confirmed_at = now
        if status == Registration.Status.WAITLISTED:
            registration.save(update_fields=["email_confirmed_at"])
            _promote_waitlist(event, now)
            registration.refresh_from_db()
            return registration
        held = event.registrations.holding_seats(now).filter(pk=registration.pk).exists()
        free = free_seats(event, now)
        if held or free is None or free > 0:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = now
            kind = Kind.CONFIRMED
        else:
            registration.status = Registration.Status.WAITLISTED
            registration.waitlisted_at = now
            kind = Kind.WAITLISTED
        registration.expires_at = None
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            # The person registered again after this one expired; that one stands.
            raise RegistrationError("superseded") from error
        queue_notification(registration, kind)
        return registration


def registration_cancel(*, registration_id: int, now: datetime.datetime | None = None):
    """Cancel a registration; its seat goes to the waiting list in the same lock.

    Idempotent. Raises RegistrationError("deadline") after the cancellation deadline.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        event, registration = _locked_registration(registration_id)
        if registration.status not in ACTIVE:
            return registration
        if not event.can_cancel(now):
            raise RegistrationError("deadline")
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "expires_at"])
        queue_notification(registration, Kind.CANCELLED)
        _promote_waitlist(event, now)
        return registration


def registration_erase(*, registration_id: int, now: datetime.datetime | None = None):
    """Delete everything held about a registration (its emails too) at the person's
    request; a seat it held goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        _erase(registration_id, now)


def _erase(registration_id: int, now: datetime.datetime) -> Registration:
    event, registration = _locked_registration(registration_id)
    erased = Registration(pk=registration.pk, event=event, status=registration.status)
    registration.delete()
    _promote_waitlist(event, now)
    return erased


@dataclass
class PersonErased:
    registrations: list[Registration]  # unsaved copies: event and status only
    emails: int


def person_erase(*, registration_id: int, now: datetime.datetime | None = None) -> PersonErased:
    """Erase every registration under the email address of this one (any case), on
    every event, with their emails, all or nothing: one transaction.

    Locks each event involved in the order of its id (two erasures of the same person
    cannot deadlock) and gives the freed seats to each waiting list, as
    ``registration_erase`` does for one.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        email = Registration.objects.values_list("email", flat=True).get(pk=registration_id)
        mine = Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
        mine = mine.exclude(email="")
        emails = OutboxEmail.objects.filter(registration__in=mine).count()
        ids = list(mine.order_by("event_id", "pk").values_list("pk", flat=True))
        erased = [_erase(pk, now) for pk in ids]
    return PersonErased(registrations=erased, emails=emails)


def registrations_check_in(*, registration_ids, now: datetime.datetime | None = None) -> int:
    """Mark confirmed registrations as attended; returns how many changed.

    Every attended registration of one person (one normalised email) carries the same
    random person code, so that the reports count each person once, in the period of
    their first event, whatever order the attendance is recorded in.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registrations = list(
            Registration.objects.select_for_update()
            .filter(
                pk__in=registration_ids,
                status=Registration.Status.CONFIRMED,
                checked_in_at__isnull=True,
            )
            .order_by("pk")
        )
        addresses = {normalised_email(r.email) for r in registrations} - {""}
        known = dict(
            Registration.objects.annotate(address=Lower(Trim("email")))
            .filter(address__in=addresses)
            .exclude(person_key="")
            .values_list("address", "person_key")
        )
        for registration in registrations:
            address = normalised_email(registration.email)
            if address and address not in known:
                known[address] = new_person_key()
            registration.checked_in_at = now
            registration.person_key = known.get(address, "")
        Registration.objects.bulk_update(registrations, ["checked_in_at", "person_key"])
        content_changed()  # attendance figures on the results page
    return len(registrations)


def event_promote_waitlist(*, event_id: int, now: datetime.datetime | None = None) -> int:
    """After a capacity change: fill the new seats from the waiting list."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        return len(_promote_waitlist(_lock_event(event_id), now))


def event_notify_change(*, event_id: int) -> int:
    """The date, place or status changed: send everyone an updated calendar entry.

    Raises the iCalendar SEQUENCE so calendars replace the old entry (same UID).
    """
    with transaction.atomic():
        Event.objects.filter(pk=event_id).update(sequence=F("sequence") + 1)
        content_changed()  # the calendar files carry the sequence
        event = Event.objects.get(pk=event_id)
        kind = Kind.EVENT_CANCELLED if event.is_cancelled else Kind.EVENT_UPDATED
        registrations = list(
            event.registrations.filter(status__in=ACTIVE, anonymised_at__isnull=True)
        )
        for registration in registrations:
            queue_notification(registration, kind)
        return len(registrations)


def expire_pending(*, now: datetime.datetime | None = None) -> int:
    """Free the seats of registrations not confirmed in time, and promote."""
    now = now or timezone.now()
    expired = 0
    event_ids = set(
        Registration.objects.filter(
            status=Registration.Status.PENDING, expires_at__lte=now
        ).values_list("event_id", flat=True)
    )
    for event_id in event_ids:
        with transaction.atomic(durable=True):
            event = _lock_event(event_id)
            expired += event.registrations.filter(
                status=Registration.Status.PENDING, expires_at__lte=now
            ).update(status=Registration.Status.EXPIRED)
            _promote_waitlist(event, now)
            content_changed()  # seats are free again
    return expired


def queue_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue one reminder per confirmed participant, ``reminder_days`` before the start."""
    now = now or timezone.now()
    queued = 0
    events = Event.objects.filter(status=Event.Status.PUBLISHED, start__gt=now, reminder_days__gt=0)
    for event in events:
        if event.start - datetime.timedelta(days=event.reminder_days) > now:
            continue
        with transaction.atomic():
            for registration in event.registrations.filter(
                status=Registration.Status.CONFIRMED
            ).exclude(emails__kind=Kind.REMINDER):
                queue_notification(registration, Kind.REMINDER)
                queued += 1
    return queued


def queue_materials_emails(*, now: datetime.datetime | None = None) -> int:
    """After an event with published materials, tell those who attended, once."""
    now = now or timezone.now()
    queued = 0
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED,
        end__lt=now,
        materials__is_published=True,
        materials__visibility="public",
    ).distinct()
    for event in events:
        with transaction.atomic():
            for registration in event.registrations.filter(
                checked_in_at__isnull=False, anonymised_at__isnull=True
            ).exclude(emails__kind=Kind.MATERIALS):
                queue_notification(registration, Kind.MATERIALS)
                queued += 1
    return queued


def anonymise_expired_registrations(*, now: datetime.datetime | None = None) -> int:
    """Remove the personal data of registrations past their event's retention period.

    What goes is what the privacy inventory lists as personal; what stays per row is
    anonymous: status, attendance, type of organisation and country, which the reports
    count. The row's key changes, so old links stop working.
    """
    now = now or timezone.now()
    anonymised = 0
    for event in Event.objects.filter(end__lt=now).only("pk", "end", "retention_days"):
        if event.end + datetime.timedelta(days=event.retention_days) > now:
            continue
        registrations = event.registrations.filter(anonymised_at__isnull=True)
        with transaction.atomic():
            OutboxEmail.objects.filter(registration__in=registrations).delete()
            for registration in registrations:
                for name in privacy.personal_fields():
                    # Empty for the texts, a new random key for the links.
                    setattr(registration, name, Registration._meta.get_field(name).get_default())
                registration.anonymised_at = now
                registration.save()
                anonymised += 1
    return anonymised
