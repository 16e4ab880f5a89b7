"""Time-driven work of the events app, run by the site-wide ``housekeeping`` command."""

from events import services


def run() -> str:
    expired = services.expire_pending()
    reminders = services.queue_reminders()
    materials = services.queue_materials_emails()
    anonymised = services.anonymise_expired_registrations()
    return (
        f"expired {expired}, reminders {reminders}, materials emails {materials}, "
        f"anonymised {anonymised}"
    )
