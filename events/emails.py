"""The emails of a registration, built when the outbox sends them (``core.outbox``):
each in the registrant's language, with the links (and tokens) made at that moment.
"""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import OutboxEmail
from core.outbox import absolute_url

from .calendar import event_ics
from .models import Registration
from .tokens import CONFIRM, MANAGE, make_token


class Kind(models.TextChoices):
    CONFIRM_EMAIL = "confirm_email", _("Confirm your email")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ALREADY_REGISTERED = "already_registered", _("Already registered")
    CONFIRMED = "confirmed", _("Registration confirmed")
    PROMOTED = "promoted", _("A seat became free")
    CANCELLED = "cancelled", _("Registration cancelled")
    REMINDER = "reminder", _("Reminder")
    EVENT_UPDATED = "event_updated", _("Event changed")
    EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
    MATERIALS = "materials", _("Materials online")


K = Kind
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


def build_message(email: OutboxEmail) -> EmailMessage:
    """The message of one of the registration's emails (``email.owner``), in the active
    language (the outbox activates the email's)."""
    registration = Registration.objects.select_related("event", "event__host").get(
        pk=email.object_id
    )
    event = registration.event
    kind = email.kind
    context = {
        "kind": kind,
        "registration": registration,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "manage_url": absolute_url(
            reverse("events:manage", kwargs={"token": make_token(registration, MANAGE)})
        ),
        "confirm_url": absolute_url(
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
        to=[email.to],
        reply_to=[event.contact_email] if event.contact_email else None,
    )
    if kind in WITH_CALENDAR:
        message.attach(f"{event.slug}.ics", event_ics(event), "text/calendar")
    return message
