from django.db import migrations

from core.db import PostgresOnlySQL

# The admin searches these with icontains, which PostgreSQL runs as UPPER(column) LIKE
# UPPER('%word%'): a trigram index on that expression finds the rows without a full scan.
SEARCHED = {
    "events_event": ("event", ["title_ru", "title_en", "city_ru", "city_en"]),
    "events_talk": ("talk", ["title_ru", "title_en"]),
}


class Migration(migrations.Migration):
    """Trigram indexes for the admin's search of events and talks (PostgreSQL only)."""

    dependencies = [
        ("events", "0003_cover_checks"),
    ]

    operations = [
        # The search index's migrations create it too; this app's must not wait for them.
        PostgresOnlySQL(
            sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgresOnlySQL(
            sql=[
                f"CREATE INDEX {prefix}_{column}_trgm ON {table} "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
                for table, (prefix, columns) in SEARCHED.items()
                for column in columns
            ],
            reverse_sql=[
                f"DROP INDEX IF EXISTS {prefix}_{column}_trgm"
                for prefix, columns in SEARCHED.values()
                for column in columns
            ],
        ),
        # Statistics on the indexed expressions, for the planner to estimate a search's rows.
        PostgresOnlySQL(
            sql=[f"ANALYZE {table}" for table in SEARCHED], reverse_sql=migrations.RunSQL.noop
        ),
    ]
