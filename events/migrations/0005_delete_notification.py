from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_notifications_to_outbox"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Notification",
        ),
    ]
