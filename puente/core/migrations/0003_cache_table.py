"""The shared cache's table (settings.CACHES: a DatabaseCache by default), made with the schema
so that no deployment step can be forgotten. Nothing is done when another backend is set."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_email_outbox")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
