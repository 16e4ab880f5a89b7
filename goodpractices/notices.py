"""The owner's email about a status change of their good practice, and its retry.

Sent by the tasks worker (``tasks.notify_owner``) after the change commits; a notice
that failed or was never enqueued is sent again by the housekeeping command.
"""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.emails import absolute

from .models import GoodPractice, StatusChange

logger = logging.getLogger(__name__)
S = GoodPractice.Status


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


def send_status_notice(change_id: int) -> bool:
    """Email the owner partner's staff about one status change; True once told."""
    change = (
        StatusChange.objects.select_related("practice__owner", "by")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is None:
        return True
    practice = change.practice
    recipients = sorted(
        {
            staff.user.email
            for staff in practice.owner.staff.select_related("user")
            if staff.user.email and staff.user.is_active
        }
    )
    if recipients:
        language = COUNTRY_LANGUAGE.get(practice.owner.country.code, "en")
        with translation.override(language):
            subject = str(
                _("Good practice “%(title)s”: %(status)s")
                % {"title": practice.title, "status": S(change.to_status).label}
            )
            body = render_to_string(
                "emails/goodpractice_status.txt",
                {
                    "change": change,
                    "practice": practice,
                    "status": S(change.to_status).label,
                    "public_url": absolute(practice.get_absolute_url())
                    if change.to_status in GoodPractice.PUBLISHED_STATES
                    else "",
                    "admin_url": absolute(
                        f"/admin/goodpractices/goodpractice/{practice.pk}/change/"
                    ),
                },
            )
        try:
            EmailMessage(subject=subject, body=body, to=recipients).send()
        except Exception:
            logger.exception("Status notice %s not sent; it will be retried", change_id)
            return False
    StatusChange.objects.filter(pk=change_id).update(notified_at=timezone.now())
    return True


def retry_status_notices(*, older_than_seconds: int = 60) -> tuple[int, int]:
    """Send the notices that did not go out (failed or never enqueued)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    sent = failed = 0
    for change_id in StatusChange.objects.filter(
        notified_at__isnull=True, at__lte=cutoff
    ).values_list("pk", flat=True):
        if send_status_notice(change_id):
            sent += 1
        else:
            failed += 1
    return sent, failed
