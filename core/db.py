"""Database pieces every app shares: PostgreSQL-only migration SQL.

SQLite (the quick start) cannot create GIN indexes or extensions; ``PostgresOnlySQL`` does
nothing there, so the same migrations run on both databases.
"""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """Run SQL on PostgreSQL only; a no-op on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "PostgreSQL only: " + super().describe()
