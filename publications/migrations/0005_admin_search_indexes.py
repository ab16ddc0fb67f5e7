from django.db import migrations

from core.db import PostgresOnlySQL

# The admin searches these with icontains, which PostgreSQL runs as UPPER(column) LIKE
# UPPER('%word%'): a trigram index on that expression finds the rows without a full scan.
SEARCHED = ["title_ru", "title_en", "subtitle_ru", "subtitle_en", "isbn", "doi"]


class Migration(migrations.Migration):
    """Trigram indexes for the admin's search of publications (PostgreSQL only)."""

    dependencies = [
        ("publications", "0004_sitemap_index"),
    ]

    operations = [
        # The search index's migrations create it too; this app's must not wait for them.
        PostgresOnlySQL(
            sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgresOnlySQL(
            sql=[
                f"CREATE INDEX publication_{column}_trgm ON publications_publication "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
                for column in SEARCHED
            ],
            reverse_sql=[f"DROP INDEX IF EXISTS publication_{column}_trgm" for column in SEARCHED],
        ),
        # Statistics on the indexed expressions, for the planner to estimate a search's rows.
        PostgresOnlySQL(sql="ANALYZE publications_publication", reverse_sql=migrations.RunSQL.noop),
    ]
