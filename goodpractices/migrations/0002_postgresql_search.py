"""PostgreSQL only: accent-folding text search configurations per language and a GIN
index on the stored search vector. Nothing to do on SQLite (see goodpractices.search)."""

from django.db import migrations

from goodpractices.search import create_configs_sql

INDEX = "gp_search_vector_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in create_configs_sql():
        schema_editor.execute(statement)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON goodpractices_goodpractice "
        "USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("goodpractices", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
