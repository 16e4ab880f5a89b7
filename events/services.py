"""Writes that do more than one thing: registering, confirming, cancelling, promoting.

Every path that can give someone a seat locks the event row first, inside one short
transaction, and counts the seats from the registrations (pretix's discipline): the
public form, a late confirmation, the waiting-list promotion after a cancellation,
an expiry or a raised capacity. One rule says which registrations hold a seat
(``Registration.objects.holding_seats``). Every write that can move a seat first
settles the event under its lock (``_settle``): holds whose time ran out end, and the
freed seats go to the waiting list, before a newcomer is counted. Emails are written
to the outbox in the same transaction and sent by a background task after commit,
never inside the lock.

Every public write is idempotent (a double click changes nothing more and never
fails), and a lock that cannot be had in time is ``RegistrationError("busy")``.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Min, Q
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from core import outbox
from core.models import OutboxEmail
from core.pagecache import SEATS, content_changed

from . import privacy
from .emails import Kind
from .models import Event, EventMessage, Registration, new_person_key, normalised_email

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


# How often someone who registers again with a known address gets its link again (per
# event): the form cannot be used to fill another person's inbox.
ALREADY_REGISTERED_RESEND = datetime.timedelta(hours=1)


def _busy_on_lock_timeout(service):
    """A lock that could not be had in time becomes RegistrationError("busy")."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except OperationalError as error:
            if _is_lock_timeout(error):
                raise RegistrationError("busy") from error
            raise

    return wrapper


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


def next_clock_change(now: datetime.datetime):
    """The next moment a public event page changes by the clock alone: an event starts
    or ends (upcoming becomes past, the registration form closes at the start), or a
    registration window or cancellation deadline passes. None when nothing is ahead.
    One query over the public events."""
    fields = ("start", "end", "registration_opens", "registration_closes", "cancellation_deadline")
    found = Event.objects.public().aggregate(
        **{name: Min(name, filter=Q(**{f"{name}__gt": now})) for name in fields}
    )
    return min((moment for moment in found.values() if moment), default=None)


def queue_notification(
    registration: Registration, kind: str, *, ref: int | None = None
) -> OutboxEmail:
    """Write one of the registration's emails to the outbox; sent after commit. ``ref``:
    the record its builder reads besides the registration (an organisers' message)."""
    return outbox.queue(
        registration, kind, to=registration.email, language=registration.language, ref=ref
    )


def _settle(event: Event, now: datetime.datetime) -> list[Registration]:
    """End the holds whose time ran out and give the free seats to the waiting list.

    The caller holds the event's lock. Run before any seat is counted for a newcomer,
    so that people who waited with a confirmed address come first. Returns the
    promoted registrations.
    """
    event.registrations.filter(status=Registration.Status.PENDING, expires_at__lte=now).update(
        status=Registration.Status.EXPIRED
    )
    promoted = _promote_waitlist(event, now)
    return promoted


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


@_busy_on_lock_timeout
def registration_create(
    *, event_id: int, data: dict, language: str, now: datetime.datetime | None = None
) -> RegistrationResult:
    """Register a stakeholder: pending (holding a seat) or waitlisted when full.

    Locks the event; the same email (any case) never gets a second active
    registration: the existing one is kept and its manage link sent again (at most
    once an hour per event, whoever asks). Raises RegistrationError("closed"), or
    ("busy") when the lock cannot be had in time.
    """
    now = now or timezone.now()
    email = data["email"].strip().lower()
    with transaction.atomic(durable=True):
        # Known address: no seat changes hands, so the event's lock is not needed.
        _lock_address(event_id, email)
        existing = _active_registration(event_id, email)
        if existing:
            _remind_registered(existing, now)
            return RegistrationResult(existing, "already_registered")
        event = _lock_event(event_id)
        if event.registration_state(now) != "open":
            raise RegistrationError("closed")
        _settle(event, now)
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
            _remind_registered(existing, now)
            return RegistrationResult(existing, "already_registered")
        queue_notification(
            registration,
            Kind.WAITLISTED if full else Kind.CONFIRM_EMAIL,
        )
        return RegistrationResult(registration, str(registration.status))


def _remind_registered(registration: Registration, now: datetime.datetime) -> None:
    """Send the person's link again, unless it was sent within the last hour. The
    form's answer is the same either way: the sender learns nothing about the inbox."""
    recent = registration.emails.filter(
        kind=Kind.ALREADY_REGISTERED, created_at__gt=now - ALREADY_REGISTERED_RESEND
    )
    if not recent.exists():
        queue_notification(registration, Kind.ALREADY_REGISTERED)


def _active_registration(event_id: int, email: str) -> Registration | None:
    return Registration.objects.filter(
        event_id=event_id, email__iexact=email, status__in=ACTIVE, anonymised_at__isnull=True
    ).first()


def _lock_address(event_id: int, email: str) -> None:
    """Serialise the requests about one address and event until the transaction ends,
    so that two "already registered" answers at once queue one email. An advisory
    lock, taken before any row lock: a row lock here deadlocked with the writers that
    hold the event's lock and update the same registration (found by the chaos test).
    """
    if connection.vendor != "postgresql":
        return  # SQLite serialises writers anyway
    digest = hashlib.blake2b(f"{event_id}:{email}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def _is_lock_timeout(error: OperationalError) -> bool:
    if connection.vendor == "sqlite":
        return "database is locked" in str(error)
    # 55P03: lock_timeout. 40P01: a deadlock PostgreSQL broke by aborting this side
    # (none is known; the chaos test would show one as "busy").
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) in {"55P03", "40P01"}


def _locked_registration(
    registration_id: int, now: datetime.datetime
) -> tuple[Event, Registration]:
    """Lock the registration's event, settle it, and read the registration afresh.

    Raises RegistrationError("gone") when the registration was erased meanwhile (a
    double click on "erase", or erase and cancel at once).
    """
    event_id = (
        Registration.objects.filter(pk=registration_id).values_list("event_id", flat=True).first()
    )
    if event_id is None:
        raise RegistrationError("gone")
    event = _lock_event(event_id)
    _settle(event, now)
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        raise RegistrationError("gone")
    return event, registration


@_busy_on_lock_timeout
def registration_confirm(*, registration_id: int, now: datetime.datetime | None = None):
    """Confirm the email address behind a registration (the double opt-in click).

    Idempotent: a second click changes nothing. A pending registration whose hold
    expired is checked against the seats again and may land on the waiting list;
    a waitlisted one stays waiting but can now be promoted.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        event, registration = _locked_registration(registration_id, now)
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
        # A hold that still stands keeps its seat (settling ended those whose time ran
        # out); otherwise a seat only if one is free after the waiting list's turn.
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


@_busy_on_lock_timeout
def registration_cancel(
    *, registration_id: int, now: datetime.datetime | None = None, by_organiser: bool = False
):
    """Cancel a registration; its seat goes to the waiting list in the same lock.

    Idempotent. Raises RegistrationError("deadline") after the cancellation deadline,
    unless the organiser cancels, and ("gone") for an erased registration.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        event, registration = _locked_registration(registration_id, now)
        if registration.status not in ACTIVE:
            return registration
        if not by_organiser and not event.can_cancel(now):
            raise RegistrationError("deadline")
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "expires_at"])
        queue_notification(registration, Kind.CANCELLED)
        _promote_waitlist(event, now)
        return registration


@_busy_on_lock_timeout
def registration_erase(
    *, registration_id: int, now: datetime.datetime | None = None, in_admin: bool = False
) -> bool:
    """Delete everything held about a registration (its emails too) at the person's
    or the organiser's request; a seat it held goes to the waiting list.

    Idempotent: erasing what is already gone changes nothing. Returns whether this
    call erased it. ``in_admin``: called inside the admin's own transaction (its
    delete view), which then holds the event's lock until it commits.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic(durable=not in_admin):
            _erase(registration_id, now)
    except RegistrationError as error:
        if error.code != "gone":
            raise
        return False
    return True


def _erase(registration_id: int, now: datetime.datetime) -> Registration:
    event, registration = _locked_registration(registration_id, now)
    erased = Registration(pk=registration.pk, event=event, status=registration.status)
    registration.delete()
    _promote_waitlist(event, now)
    return erased


@dataclass
class PersonErased:
    registrations: list[Registration]  # unsaved copies: event and status only
    emails: int


@_busy_on_lock_timeout
def person_erase(*, registration_id: int, now: datetime.datetime | None = None) -> PersonErased:
    """Erase every registration under the email address of this one (any case), on
    every event, with their emails, all or nothing: one transaction.

    Locks each event involved in the order of its id (two erasures of the same person
    cannot deadlock) and gives the freed seats to each waiting list, as
    ``registration_erase`` does for one. Idempotent: what another request erased
    meanwhile is simply not counted again.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        email = (
            Registration.objects.filter(pk=registration_id).values_list("email", flat=True).first()
        )
        if not email:
            return PersonErased(registrations=[], emails=0)
        mine = Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
        emails = OutboxEmail.objects.filter(registration__in=mine).count()
        ids = list(mine.order_by("event_id", "pk").values_list("pk", flat=True))
        erased = []
        for pk in ids:
            try:
                erased.append(_erase(pk, now))
            except RegistrationError as error:
                if error.code != "gone":
                    raise
    return PersonErased(registrations=erased, emails=emails)


def registrations_check_in(*, registration_ids, now: datetime.datetime | None = None) -> int:
    """Mark confirmed registrations as attended; returns how many changed.

    Every attended registration of one person (one normalised email) carries the same
    random person code, so that the reports count each person once, in the period of
    their first event, whatever order the attendance is recorded in. Each row is saved
    on its own, so that the audit trail records who checked whom in (by number).
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
            registration.save(update_fields=["checked_in_at", "person_key"])
        content_changed(SEATS)  # attendance figures on the results page
    return len(registrations)


def registrations_check_in_undo(*, registration_ids) -> int:
    """Take back the check-in of registrations (a tap on the wrong name); returns how
    many changed. The person code goes with it: it marks attended registrations only.
    Each row is saved on its own, so that the audit trail records the undoing."""
    with transaction.atomic():
        registrations = list(
            Registration.objects.select_for_update()
            .filter(pk__in=registration_ids, checked_in_at__isnull=False)
            .order_by("pk")
        )
        for registration in registrations:
            registration.checked_in_at = None
            registration.person_key = ""
            registration.save(update_fields=["checked_in_at", "person_key"])
        if registrations:
            content_changed(SEATS)  # attendance figures on the results page
    return len(registrations)


@_busy_on_lock_timeout
def event_promote_waitlist(*, event_id: int, now: datetime.datetime | None = None) -> int:
    """After a capacity change: fill the new seats from the waiting list."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        return len(_settle(_lock_event(event_id), now))


def event_notify_change(*, event_id: int) -> int:
    """The date, place or status changed: send everyone an updated calendar entry.

    Raises the iCalendar SEQUENCE so calendars replace the old entry (same UID).
    """
    with transaction.atomic():
        Event.objects.filter(pk=event_id).update(sequence=F("sequence") + 1)
        content_changed("events")  # the calendar files carry the sequence
        event = Event.objects.get(pk=event_id)
        kind = Kind.EVENT_CANCELLED if event.is_cancelled else Kind.EVENT_UPDATED
        registrations = list(
            event.registrations.filter(status__in=ACTIVE, anonymised_at__isnull=True)
        )
        for registration in registrations:
            queue_notification(registration, kind)
        return len(registrations)


def expire_pending(*, now: datetime.datetime | None = None) -> int:
    """Free the seats of registrations not confirmed in time, and promote (the same
    settling every write does first; this catches events nobody writes to)."""
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
            ).count()
            _settle(event, now)
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


# What registrants may correct themselves (the email is their identity: not here).
DETAIL_FIELDS = ("name", "organisation", "organisation_type", "country", "language", "access_needs")
# What the audit trail writes instead of a registrant's old and new values.
NOT_RECORDED = "***"


@_busy_on_lock_timeout
def registration_update_details(
    *, registration_id: int, data: dict, now: datetime.datetime | None = None
) -> list[str]:
    """Save the details a registrant corrected (``DETAIL_FIELDS``, validated by the
    caller's form); returns the names of the fields that changed, in that order.

    Takes the registration's lock the way every registrant's write does (the event's
    row, settled first): a correction never interleaves with a cancellation or an
    erasure. The audit trail records that the person changed these fields, never
    their values: auditlog's own diff (which would show the type of organisation,
    country and language) is off for this save. Raises RegistrationError("gone") for
    an erased registration, ("busy") when the lock cannot be had in time.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        _event, registration = _locked_registration(registration_id, now)
        if registration.anonymised_at is not None:
            raise RegistrationError("gone")
        changed = [name for name in DETAIL_FIELDS if getattr(registration, name) != data[name]]
        if not changed:
            return []
        for name in changed:
            setattr(registration, name, data[name])
        registration.full_clean(validate_constraints=False)
        with disable_auditlog():
            registration.save(update_fields=changed)
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Registration),
            object_pk=str(registration.pk),
            object_id=registration.pk,
            object_repr=f"Registration #{registration.pk}",
            action=LogEntry.Action.UPDATE,
            changes={name: [NOT_RECORDED, NOT_RECORDED] for name in changed},
            changes_text="",
            additional_data={"changed_by": "registrant"},
            timestamp=now,
        )
        return changed


class MessageError(RegistrationError):
    """An organisers' message that cannot be sent: "too_many" (the daily limit of the
    event), "no_recipients", or "busy"."""


@dataclass
class MessageResult:
    message: EventMessage
    sent_now: bool  # False: the same form was sent before (a double click)


def messages_sent_today(event_id: int, now: datetime.datetime) -> int:
    return (
        EventMessage.objects.filter(event_id=event_id)
        .sent_since(now - datetime.timedelta(days=1))
        .count()
    )


@_busy_on_lock_timeout
def event_message_send(
    *,
    event_id: int,
    author,
    groups: list[str],
    texts: dict[str, str],
    send_key: str,
    now: datetime.datetime | None = None,
) -> MessageResult:
    """Keep an organisers' message and queue it to every registrant of ``groups``, once
    each, in one transaction: the message and all its emails, or nothing.

    ``texts`` holds ``subject_<code>`` and ``body_<code>`` (English required, validated
    by the caller's form). Each email is owned by its registration (so it goes with the
    registration's data) and refers to the message; the outbox builds it in the
    registrant's language when it sends it. Locks the event, so that the daily limit
    (``EVENTS_MESSAGES_PER_DAY``) and the recipients are read race-free; the emails are
    sent after commit, never inside the lock. Idempotent per ``send_key``: the same
    previewed form sent twice sends once. Raises MessageError("too_many"),
    ("no_recipients"), or RegistrationError("busy").
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        event = _lock_event(event_id)
        existing = EventMessage.objects.filter(send_key=send_key).first()
        if existing is not None:
            return MessageResult(existing, sent_now=False)
        if messages_sent_today(event_id, now) >= settings.EVENTS_MESSAGES_PER_DAY:
            raise MessageError("too_many")
        recipients = list(EventMessage.recipients_of(event, groups).order_by("pk"))
        if not recipients:
            raise MessageError("no_recipients")
        message = EventMessage(
            event=event,
            author=author,
            created_at=now,
            groups=list(groups),
            recipients=len(recipients),
            send_key=send_key,
        )
        for code, _name in settings.LANGUAGES:
            for field in ("subject", "body"):
                name = build_localized_fieldname(field, code)
                setattr(message, name, texts.get(name, "") or "")
        message.full_clean()
        message.save()
        for registration in recipients:
            queue_notification(registration, Kind.MESSAGE, ref=message.pk)
        return MessageResult(message, sent_now=True)
