"""The owner's notices of status changes go through the site's outbox now: a change
whose notice never went out (``notified_at`` empty) gets its notices queued there, one
per active staff member of the owner partner with an address; then the field goes.
The housekeeping's ``outbox.send_due()`` sends them."""

from django.db import migrations

KIND = "goodpractice_status"  # goodpractices.emails.STATUS_NOTICE
COUNTRY_LANGUAGE = {"FI": "fi", "AT": "de", "DE": "de", "PL": "pl", "ES": "es", "IT": "it", "FR": "fr"}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("goodpractices", "StatusChange")
    PartnerStaff = apps.get_model("partners", "PartnerStaff")
    OutboxEmail = apps.get_model("core", "OutboxEmail")
    unsent = StatusChange.objects.filter(notified_at__isnull=True).select_related(
        "practice__owner"
    )
    if not unsent.exists():
        return
    change_type, _ = ContentType.objects.get_or_create(
        app_label="goodpractices", model="statuschange"
    )
    rows = []
    for change in unsent.order_by("pk").iterator():
        owner = change.practice.owner
        language = COUNTRY_LANGUAGE.get(str(owner.country), "en")
        addresses = PartnerStaff.objects.filter(
            partner_id=owner.pk, user__is_active=True
        ).exclude(user__email="")
        for to in sorted(set(addresses.values_list("user__email", flat=True))):
            rows.append(
                OutboxEmail(
                    content_type_id=change_type.pk,
                    object_id=change.pk,
                    kind=KIND,
                    to=to,
                    language=language,
                    created_at=change.at,
                )
            )
    OutboxEmail.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_outbox"),
        ("partners", "0003_logo_checked_upload"),
        ("goodpractices", "0003_checked_uploads"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="statuschange", name="notified_at"),
    ]
