"""The data inventory of event registrations (GDPR Arts. 13 and 30): one place.

The privacy notice, the "my data" page and its JSON download are built from it, and so
are the rules that handle the data: what anonymisation removes and the audit trail
leaves out (``personal_fields``, the items kept until anonymised or replaced) and the
columns of the organisers' list (``exported_fields``). A test checks that every
concrete field of ``Registration`` is listed here or named as not personal, so a new
field cannot go unexplained.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import OutboxEmail

from .models import Event, Registration

# Raise it whenever the wording of the notice changes in substance.
NOTICE_VERSION = datetime.date(2026, 12, 4)

# Purposes and their lawful basis (GDPR-01). Consent only for the optional access needs.
PUBLIC_TASK = "public_task"
LEGAL_OBLIGATION = "legal_obligation"
EXPLICIT_CONSENT = "explicit_consent"

LAWFUL_BASES = {
    PUBLIC_TASK: _("Task in the public interest, Art. 6(1)(e) GDPR"),
    LEGAL_OBLIGATION: _("Legal obligation, Art. 6(1)(c) GDPR"),
    EXPLICIT_CONSENT: _("Your explicit consent, Art. 9(2)(a) GDPR"),
}


@dataclass(frozen=True)
class Purpose:
    key: str
    text: str
    basis: str


PURPOSES = [
    Purpose(
        "run_event",
        _(
            "Registering you for the event and running it: seats, the waiting list, the "
            "confirmation of your email address, reminders, changes and the materials "
            "afterwards."
        ),
        PUBLIC_TASK,
    ),
    Purpose(
        "attendance",
        _(
            "Attendance evidence and the programme's indicators: the Interreg Europe "
            "programme funds the events and asks who took part."
        ),
        PUBLIC_TASK,
    ),
    Purpose(
        "audit",
        _(
            "Keeping the attendance evidence for the programme's audit, as the rules of the "
            "Interreg Europe programme require."
        ),
        LEGAL_OBLIGATION,
    ),
    Purpose(
        "access",
        _("Preparing the event for your access or other needs, if you tell us about them."),
        EXPLICIT_CONSENT,
    ),
]
PURPOSE_BY_KEY = {purpose.key: purpose for purpose in PURPOSES}

# Who sees the data.
HOST = "host"
LEAD = "lead"
AUDITORS = "auditors"
EMAIL_PROVIDER = "email_provider"
NOBODY = "nobody"

RECIPIENTS = {
    HOST: _("the organisers at the host partner of the event"),
    LEAD: _("the lead partner's project staff"),
    AUDITORS: _("the programme's controllers and auditors (attendance evidence only)"),
    EMAIL_PROVIDER: _("our email provider, as a processor, to deliver the emails"),
    NOBODY: _("nobody: it is only part of the links in your emails"),
}

# How long it is kept. The figures come from the settings and the models.
UNTIL_ANONYMISED = "until_anonymised"
KEPT_ANONYMOUS = "kept_anonymous"
KEY_REPLACED = "key_replaced"
EMAILS_DELETED = "emails_deleted"

RETENTION = {
    UNTIL_ANONYMISED: _("Erased %(days)s days after the event, or earlier when you erase it."),
    KEPT_ANONYMOUS: _(
        "Kept after the %(days)s days only without your name, email and organisation, as "
        "anonymous statistics."
    ),
    KEY_REPLACED: _("Replaced %(days)s days after the event: the old links stop working."),
    EMAILS_DELETED: _("Deleted %(days)s days after the event, or earlier when you erase it."),
}


def default_retention_days() -> int:
    """What an event keeps personal data for unless its organisers set otherwise."""
    return Event._meta.get_field("retention_days").get_default()


def retention_figures() -> dict:
    return {
        "days": default_retention_days(),
        "confirm_hours": settings.EVENTS_CONFIRM_HOURS,
        "confirm_link_days": settings.EVENTS_CONFIRM_LINK_DAYS,
    }


@dataclass(frozen=True)
class DataItem:
    """One thing we hold about a person: the fields, why, on what basis, who, how long."""

    fields: tuple[str, ...]
    label: str
    why: str
    purposes: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: str
    shown: bool = True  # False: a secret, never displayed (the link key)
    exported: tuple[str, ...] = ()  # the fields in the organisers' list of registrations

    @property
    def bases(self):
        keys = dict.fromkeys(PURPOSE_BY_KEY[p].basis for p in self.purposes)
        return [LAWFUL_BASES[key] for key in keys]

    @property
    def recipient_labels(self):
        return [RECIPIENTS[key] for key in self.recipients]

    def retention_text(self, days: int | None = None):
        return RETENTION[self.retention] % {"days": days or default_retention_days()}

    @property
    def required(self):
        return any(not Registration._meta.get_field(name).blank for name in self.fields)


INVENTORY = [
    DataItem(
        ("name",),
        _("Your name"),
        _("To know who registered, and for the attendance list."),
        ("run_event", "attendance", "audit"),
        (HOST, LEAD, AUDITORS, EMAIL_PROVIDER),
        UNTIL_ANONYMISED,
        exported=("name",),
    ),
    DataItem(
        ("email",),
        _("Your email address"),
        _(
            "To confirm that the address is yours, to send you the event's emails and your "
            "personal links, and to count each participant once in the reports."
        ),
        ("run_event", "attendance"),
        (HOST, LEAD, EMAIL_PROVIDER),
        UNTIL_ANONYMISED,
        exported=("email",),
    ),
    DataItem(
        ("organisation",),
        _("Your organisation"),
        _("The attendance list names the organisations that took part."),
        ("run_event", "attendance", "audit"),
        (HOST, LEAD, AUDITORS),
        UNTIL_ANONYMISED,
        exported=("organisation",),
    ),
    DataItem(
        ("organisation_type", "country"),
        _("Type of organisation and country"),
        _("The programme's indicators count participants by type of organisation and country."),
        ("attendance", "audit"),
        (HOST, LEAD, AUDITORS),
        KEPT_ANONYMOUS,
        exported=("organisation_type", "country"),
    ),
    DataItem(
        ("language",),
        _("Preferred language"),
        _("To write to you in your language."),
        ("run_event",),
        (HOST, LEAD),
        KEPT_ANONYMOUS,
        exported=("language",),
    ),
    DataItem(
        ("access_needs",),
        _("Access needs (optional)"),
        _(
            "Only if you tell us: so that the host can prepare step-free access, "
            "interpretation, food or other needs. It may say something about your health or "
            "beliefs, so we ask for it only with your explicit consent, which you can "
            "withdraw by erasing it."
        ),
        ("access",),
        (HOST, LEAD),
        UNTIL_ANONYMISED,
        exported=("access_needs",),
    ),
    DataItem(
        ("event", "status", "participant_role"),
        _("The event, the state of your registration and whether you came as a stakeholder"),
        _(
            "To manage the seats and the waiting list; the reports count stakeholders and "
            "partner staff apart."
        ),
        ("run_event", "attendance"),
        (HOST, LEAD, AUDITORS),
        KEPT_ANONYMOUS,
        exported=("event", "status"),
    ),
    DataItem(
        (
            "created_at",
            "expires_at",
            "email_confirmed_at",
            "confirmed_at",
            "waitlisted_at",
            "cancelled_at",
        ),
        _("When you registered, confirmed, joined the waiting list or cancelled"),
        _(
            "To hold your seat while you confirm your email address, to move the waiting "
            "list in order, and as proof that you confirmed your address."
        ),
        ("run_event",),
        (HOST, LEAD),
        KEPT_ANONYMOUS,
        exported=("created_at", "confirmed_at"),
    ),
    DataItem(
        ("checked_in_at", "person_key"),
        _("Attendance"),
        _(
            "Evidence that you took part, for the programme. The reports count each person "
            "once: your attended registrations share a random code, made from nothing about "
            "you, which stays when your name and email are removed."
        ),
        ("attendance", "audit"),
        (HOST, LEAD, AUDITORS),
        KEPT_ANONYMOUS,
        exported=("checked_in_at",),
    ),
    DataItem(
        ("key",),
        _("A random code in your personal links"),
        _("So that only the links we emailed you open your registration."),
        ("run_event",),
        (NOBODY,),
        KEY_REPLACED,
        shown=False,
    ),
]

# The emails we write to a person (the outbox), listed on the notice and the "my data" page.
EMAILS_ITEM = DataItem(
    (),
    _("The emails we sent you"),
    _(
        "Which emails we queued and sent to you, and when, so that none is lost and a failed "
        "one is sent again."
    ),
    ("run_event",),
    (HOST, LEAD, EMAIL_PROVIDER),
    EMAILS_DELETED,
)

# Concrete fields of Registration that say nothing about a person.
NOT_PERSONAL = {
    "id": "the row's number",
    "anonymised_at": "when the personal data was removed",
}


def inventoried_fields() -> set[str]:
    return {name for item in INVENTORY for name in item.fields}


def personal_fields() -> list[str]:
    """The fields that identify a person: anonymisation sets them back to their default
    (empty, or a new link key) and the audit trail never records them."""
    removed = {UNTIL_ANONYMISED, KEY_REPLACED}
    return [name for item in INVENTORY if item.retention in removed for name in item.fields]


def exported_fields() -> list[str]:
    """The columns of the organisers' list of registrations, in the inventory's order."""
    return [name for item in INVENTORY for name in item.exported]


# --- One person's data: the "my data" page and its download -------------------------


def person_registrations(registration: Registration) -> list[Registration]:
    """Every registration under the same email address (any case), with its emails."""
    return list(
        Registration.objects.filter(email__iexact=registration.email, anonymised_at__isnull=True)
        .exclude(email="")
        .select_related("event", "event__host")
        .prefetch_related(
            models.Prefetch("emails", queryset=OutboxEmail.objects.order_by("created_at", "pk"))
        )
        .order_by("created_at", "pk")
    )


def _value(registration: Registration, name: str):
    """A field's value as a person reads it: choices by their label, the event by title."""
    if name == "event":
        return registration.event.title
    if name == "country":
        return registration.country.name
    field = Registration._meta.get_field(name)
    if field.choices:
        return getattr(registration, f"get_{name}_display")()
    return getattr(registration, name)


def shown_fields():
    return [
        (name, Registration._meta.get_field(name).verbose_name)
        for item in INVENTORY
        if item.shown
        for name in item.fields
    ]


def registration_rows(registration: Registration) -> list[tuple[str, object]]:
    """(label, value) for every field the inventory lists, in its order."""
    return [(label, _value(registration, name)) for name, label in shown_fields()]


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def person_export(registrations: list[Registration]) -> dict:
    """Everything held about one person, as plain data (Art. 15 and 20)."""
    return {
        "notice_version": NOTICE_VERSION.isoformat(),
        "registrations": [
            {
                **{
                    name: _json_value(getattr(r, name) if name != "event" else r.event.title)
                    for item in INVENTORY
                    if item.shown
                    for name in item.fields
                },
                "event_url": r.event.get_absolute_url(),
                "emails": [
                    {
                        "kind": n.kind,
                        "status": n.status,
                        "queued_at": _json_value(n.created_at),
                        "sent_at": _json_value(n.sent_at),
                        "attempts": n.attempts,
                    }
                    for n in r.emails.all()
                ],
            }
            for r in registrations
        ],
    }
