from django.db import migrations

from core.db import PostgresOnlySQL


class Migration(migrations.Migration):
    """Keep the index table's rows small: long texts and vectors go to the TOAST table, so a
    search that matches most rows reads a small heap (PostgreSQL only)."""

    dependencies = [
        ("science_portal", "0002_recent_index"),
    ]

    operations = [
        PostgresOnlySQL(
            sql="ALTER TABLE science_portal_searchdocument SET (toast_tuple_target = 128)",
            reverse_sql="ALTER TABLE science_portal_searchdocument RESET (toast_tuple_target)",
        ),
    ]
