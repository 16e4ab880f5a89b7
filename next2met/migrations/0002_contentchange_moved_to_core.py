# ContentChange now belongs to core (core/migrations/0001_initial.py), which kept the
# table: forget the model here without dropping it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("next2met", "0001_content_change"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContentChange")],
            database_operations=[],
        ),
    ]
