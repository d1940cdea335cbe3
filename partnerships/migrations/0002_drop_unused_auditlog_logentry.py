"""auditlog's own LogEntry table is created by its migrations even though we
swap in partnerships.AuditEntry (AUDITLOG_LOGENTRY_MODEL). The unused table
keeps a foreign key to the user table, which makes PostgreSQL refuse to
truncate users (test flushes). Nothing reads or writes it: drop it."""

from django.db import migrations

TABLE = "auditlog_logentry"


def drop_unused_table(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(drop_unused_table, migrations.RunPython.noop)]
