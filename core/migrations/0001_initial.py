# ContentChange moved here from the next2met package, keeping its table
# (next2met_contentchange). next2met's 0001 still creates the table, on a fresh database
# as on an existing one where it already ran; this migration only takes the model over
# in Django's state, and next2met's 0002 lets it go there. No table is created, renamed
# or dropped, so no database needs a manual step.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("next2met", "0001_content_change"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "content change",
                        "db_table": "next2met_contentchange",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
