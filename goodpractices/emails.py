"""The notice of a status change to the owner partner's staff, built when the outbox
sends it (``core.outbox``), in the language of the partner's country."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.models import OutboxEmail
from core.outbox import absolute_url

from .models import GoodPractice, StatusChange

STATUS_NOTICE = "goodpractice_status"
KINDS = [(STATUS_NOTICE, _("Good practice status changed"))]

# The language an owner's staff read, from the partner's country.
COUNTRY_LANGUAGE = {
    "FI": "fi",
    "AT": "de",
    "DE": "de",
    "PL": "pl",
    "ES": "es",
    "IT": "it",
    "FR": "fr",
}


def owner_language(practice: GoodPractice) -> str:
    return COUNTRY_LANGUAGE.get(practice.owner.country.code, "en")


def build_status_notice(email: OutboxEmail) -> EmailMessage:
    """The notice of one status change (``email.owner``), in the active language."""
    change = StatusChange.objects.select_related("practice__owner", "by").get(pk=email.object_id)
    practice = change.practice
    status = GoodPractice.Status(change.to_status).label
    subject = str(
        _("Good practice “%(title)s”: %(status)s") % {"title": practice.title, "status": status}
    )
    body = render_to_string(
        "emails/goodpractice_status.txt",
        {
            "change": change,
            "practice": practice,
            "status": status,
            "public_url": absolute_url(practice.get_absolute_url())
            if change.to_status in GoodPractice.PUBLISHED_STATES
            else "",
            "admin_url": absolute_url(f"/admin/goodpractices/goodpractice/{practice.pk}/change/"),
        },
    )
    return EmailMessage(subject=subject, body=body, to=[email.to])
