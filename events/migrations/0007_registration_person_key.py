import secrets

from django.db import migrations, models


def keys_from_first_attendance(apps, schema_editor):
    """Give attended registrations their person code, counting whom the old flag counted.

    Registrations that still hold an email share one code per address, if one of them
    carried the old "first attendance" flag; an anonymised one keeps a code of its own
    only if it carried it. The others stay without a code, as they were not counted:
    their person's first attendance is an anonymised row that nothing links to them.
    """
    Registration = apps.get_model("events", "Registration")
    attended = Registration.objects.filter(checked_in_at__isnull=False)
    groups = {}
    for registration in attended.filter(anonymised_at__isnull=True).exclude(email=""):
        groups.setdefault(registration.email.strip().lower(), []).append(registration)
    for rows in groups.values():
        if any(row.first_attendance for row in rows):
            key = secrets.token_hex(16)
            Registration.objects.filter(pk__in=[row.pk for row in rows]).update(person_key=key)
    for registration in attended.filter(first_attendance=True, person_key=""):
        registration.person_key = secrets.token_hex(16)
        registration.save(update_fields=["person_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_registration_status_known"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="person_key",
            field=models.CharField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=32,
                verbose_name="person code",
            ),
        ),
        migrations.RunPython(keys_from_first_attendance, migrations.RunPython.noop),
        migrations.RemoveField(model_name="registration", name="first_attendance"),
    ]
