"""Time-driven work of the events app. Safe to run at any time and as often as you
like (every few minutes from cron or a systemd timer; daily at the least), or as a
long-running loop with ``--every SECONDS`` (what ``make run`` does)."""

import datetime
import logging
import time

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core import outbox
from events import services
from next2met.pagecache import prune_content_changes

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Expire unconfirmed registrations and promote the waiting list, queue reminders "
        "and materials emails, send the outbox's due and failed emails (all apps'), "
        "anonymise registrations past retention, delete old admin login records, prune "
        "the page cache's change log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Keep running: do the work, wait this long, again (until interrupted).",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            metavar="N",
            help="With --every: stop after N rounds instead of running until interrupted.",
        )

    def handle(self, *args, every=None, rounds=None, **options):
        if every is None:
            self.run_once()
            return
        done = 0
        while rounds is None or done < rounds:
            if done:
                time.sleep(every)
            try:
                self.run_once()
            except Exception:
                # A busy database or a broken mail server must not end the loop: the work
                # is idempotent and the next round picks up what this one left.
                logger.exception("Housekeeping round failed; trying again in %s s", every)
            done += 1

    def run_once(self):
        expired = services.expire_pending()
        reminders = services.queue_reminders()
        materials = services.queue_materials_emails()
        sent, failed = outbox.send_due()
        anonymised = services.anonymise_expired_registrations()
        logins = prune_login_records()
        prune_content_changes()
        self.stdout.write(
            f"expired {expired}, reminders {reminders}, materials emails {materials}, "
            f"emails sent {sent}, failed {failed}, anonymised {anonymised}, "
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
