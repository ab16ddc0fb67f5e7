from django.db import migrations

from core.db import PostgresOnlySQL


class Migration(migrations.Migration):
    """A trigram index on the normalised names, which the admin's search and ``matching()``
    look in with LIKE '%…%' (PostgreSQL only)."""

    dependencies = [
        ("people", "0002_person_initials_photo_checks"),
    ]

    operations = [
        # The search index's migrations create it too; this app's must not wait for them.
        PostgresOnlySQL(
            sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgresOnlySQL(
            sql="CREATE INDEX person_search_names_trgm ON people_person "
            "USING gin (search_names gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS person_search_names_trgm",
        ),
        # Statistics on the indexed expressions, for the planner to estimate a search's rows.
        PostgresOnlySQL(sql="ANALYZE people_person", reverse_sql=migrations.RunSQL.noop),
    ]
