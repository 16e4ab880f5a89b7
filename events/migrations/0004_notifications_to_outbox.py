"""Move the registrations' emails from events' own outbox (Notification) into the
site's outbox (core.OutboxEmail), keeping their kind, status, attempts and times."""

from django.db import migrations

FIELDS = ("kind", "status", "attempts", "last_error", "created_at", "next_attempt_at", "sent_at")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Notification = apps.get_model("events", "Notification")
    OutboxEmail = apps.get_model("core", "OutboxEmail")
    registration_type, _ = ContentType.objects.get_or_create(
        app_label="events", model="registration"
    )
    rows = [
        OutboxEmail(
            content_type_id=registration_type.pk,
            object_id=n.registration_id,
            to=n.registration.email,
            language=n.registration.language,
            **{field: getattr(n, field) for field in FIELDS},
        )
        for n in Notification.objects.select_related("registration").order_by("pk").iterator()
        # An anonymised registration has no address left (and no emails: anonymising
        # deletes them); nothing could be sent.
        if n.registration.email
    ]
    OutboxEmail.objects.bulk_create(rows, batch_size=500)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Notification = apps.get_model("events", "Notification")
    OutboxEmail = apps.get_model("core", "OutboxEmail")
    registration_type = ContentType.objects.filter(
        app_label="events", model="registration"
    ).first()
    if registration_type is None:
        return
    emails = OutboxEmail.objects.filter(content_type_id=registration_type.pk)
    Notification.objects.bulk_create(
        [
            Notification(
                registration_id=e.object_id, **{field: getattr(e, field) for field in FIELDS}
            )
            for e in emails.order_by("pk").iterator()
        ],
        batch_size=500,
    )
    emails.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_outbox"),
        ("events", "0003_material_checked_upload"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
