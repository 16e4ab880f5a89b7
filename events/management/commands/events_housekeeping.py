"""Time-driven work of the events app. Safe to run at any time and as often as you
like (every few minutes from cron or a systemd timer; daily at the least)."""

from django.core.management.base import BaseCommand

from events import services
from events.emails import send_due_notifications
from goodpractices.services import retry_status_notices
from next2met.pagecache import prune_content_changes


class Command(BaseCommand):
    help = (
        "Expire unconfirmed registrations and promote the waiting list, queue reminders "
        "and materials emails, retry failed emails, anonymise registrations past retention, "
        "retry good-practice status notices, prune the page cache's change log."
    )

    def handle(self, *args, **options):
        expired = services.expire_pending()
        reminders = services.queue_reminders()
        materials = services.queue_materials_emails()
        sent, failed = send_due_notifications()
        anonymised = services.anonymise_expired_registrations()
        notices, notices_failed = retry_status_notices()
        prune_content_changes()
        self.stdout.write(
            f"expired {expired}, reminders {reminders}, materials emails {materials}, "
            f"emails sent {sent}, failed {failed}, anonymised {anonymised}, "
            f"good-practice notices sent {notices}, failed {notices_failed}"
        )
