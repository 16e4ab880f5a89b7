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
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.models import OutboxEmail
from core.outbox import absolute_url

from .calendar import event_ics
from .models import EventMessage, Registration
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
    MESSAGE = "message", _("Message from the organisers")


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
    # Translators: the subject of an organisers' message: their subject, then the event.
    K.MESSAGE: _("%(subject)s (%(event)s)"),
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


def message_text(message: EventMessage, language: str) -> tuple[str, str, str]:
    """(language, subject, text) of an organisers' message for a reader of ``language``:
    theirs when the organisers wrote it, else English (the required one)."""
    for code in (language, "en"):
        subject = getattr(message, build_localized_fieldname("subject", code), "") or ""
        body = getattr(message, build_localized_fieldname("body", code), "") or ""
        if subject.strip() and body.strip():
            return code, subject, body
    return "en", message.subject, message.body


def build_message(email: OutboxEmail) -> EmailMessage:
    """The message of one of the registration's emails (``email.owner``), in the active
    language (the outbox activates the email's)."""
    registration = Registration.objects.select_related("event", "event__host").get(
        pk=email.object_id
    )
    if email.kind == K.MESSAGE:
        message = EventMessage.objects.get(pk=email.ref, event_id=registration.event_id)
        return render_message(email.kind, registration, to=email.to, message=message)
    return render_message(email.kind, registration, to=email.to)


def render_message(
    kind: str,
    registration: Registration,
    *,
    to: str,
    message: EventMessage | None = None,
    manage_url: str | None = None,
) -> EmailMessage:
    """One email of ``kind`` to ``registration`` in the active language. An organisers'
    ``message`` without text in that language is written in English, all of it.
    ``manage_url``: given for a preview, whose registration is not saved."""
    if message is not None:
        language, subject, text = message_text(message, get_language())
        if language != get_language():
            with translation.override(language):
                return render_message(
                    kind, registration, to=to, message=message, manage_url=manage_url
                )
    event = registration.event
    context = {
        "kind": kind,
        "registration": registration,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "confirm_hours": settings.EVENTS_CONFIRM_HOURS,
        "online_url": event.online_url
        if kind in WITH_ONLINE_LINK and registration.status == Registration.Status.CONFIRMED
        else "",
    }
    if manage_url is None:
        context["manage_url"] = absolute_url(
            reverse("events:manage", kwargs={"token": make_token(registration, MANAGE)})
        )
        context["confirm_url"] = absolute_url(
            reverse("events:confirm", kwargs={"token": make_token(registration, CONFIRM)})
        )
    else:
        context["manage_url"] = manage_url
    if registration.status == Registration.Status.WAITLISTED and registration.pk:
        context["position"] = waitlist_position(registration)
    if message is not None:
        context["message_text"] = text.strip()
        subject = str(SUBJECTS[kind] % {"subject": subject.strip(), "event": event.title})
    else:
        subject = str(SUBJECTS[kind] % {"event": event.title})
    body = render_to_string(f"emails/{kind}.txt", context)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    email_message = EmailMessage(
        subject=subject,
        body=body,
        to=[to],
        reply_to=[event.contact_email] if event.contact_email else None,
    )
    if kind in WITH_CALENDAR:
        email_message.attach(f"{event.slug}.ics", event_ics(event), "text/calendar")
    return email_message


def preview_message(event, texts: dict[str, str], language: str) -> EmailMessage:
    """The email an organisers' message makes for a reader of ``language``, addressed to
    nobody real: a sample name, and a placeholder for the person's own link."""
    message = EventMessage(event=event, **texts)
    with translation.override(language):
        sample = Registration(
            event=event,
            name=str(_("(the person's name)")),
            language=language,
            status=Registration.Status.CONFIRMED,
        )
        return render_message(
            K.MESSAGE,
            sample,
            to="recipient@invalid",
            message=message,
            manage_url=absolute_url("/…/") + " " + str(_("(each person's own link)")),
        )
