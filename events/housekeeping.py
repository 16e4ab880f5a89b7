"""Time-driven work of the events app, run by the site-wide ``housekeeping`` command."""

from events import services
from events.emails import send_due_notifications


def run() -> str:
    expired = services.expire_pending()
    reminders = services.queue_reminders()
    materials = services.queue_materials_emails()
    sent, failed = send_due_notifications()
    anonymised = services.anonymise_expired_registrations()
    return (
        f"expired {expired}, reminders {reminders}, materials emails {materials}, "
        f"emails sent {sent}, failed {failed}, anonymised {anonymised}"
    )
