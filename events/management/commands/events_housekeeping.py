"""Time-driven work of the events app. Safe to run at any time and as often as you
like (every few minutes from cron or a systemd timer; daily at the least)."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events import services
from events.emails import send_due_notifications
from goodpractices.services import retry_status_notices
from next2met.pagecache import prune_content_changes


class Command(BaseCommand):
    help = (
        "Expire unconfirmed registrations and promote the waiting list, queue reminders "
        "and materials emails, retry failed emails, anonymise registrations past retention, "
        "retry good-practice status notices, delete old admin login records, prune the "
        "page cache's change log."
    )

    def handle(self, *args, **options):
        expired = services.expire_pending()
        reminders = services.queue_reminders()
        materials = services.queue_materials_emails()
        sent, failed = send_due_notifications()
        anonymised = services.anonymise_expired_registrations()
        notices, notices_failed = retry_status_notices()
        logins = prune_login_records()
        prune_content_changes()
        self.stdout.write(
            f"expired {expired}, reminders {reminders}, materials emails {materials}, "
            f"emails sent {sent}, failed {failed}, anonymised {anonymised}, "
            f"good-practice notices sent {notices}, failed {notices_failed}, "
            f"login records deleted {logins}"
        )


def prune_login_records() -> int:
    """Admin login records (django-axes) hold addresses: keep them a limited time."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.AXES_LOG_RETENTION_DAYS)
    deleted = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    deleted += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    # Failed attempts long past their cool-off lock nothing any more.
    deleted += AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted
