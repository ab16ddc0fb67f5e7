from django.db import migrations

from core.db import PostgresOnlySQL

# The admin's list sorts by these; without an index each sort reads and sorts every row. The
# columns are nearly unique, so the index also serves the reverse order and Django's "-pk"
# tie-break (an incremental sort of tiny groups).
SORTED = ["title_ru", "title_en", "published_at"]


class Migration(migrations.Migration):
    """Indexes for the admin's sorts of publications (PostgreSQL only)."""

    dependencies = [
        ("publications", "0005_admin_search_indexes"),
    ]

    operations = [
        PostgresOnlySQL(
            sql=[
                f"CREATE INDEX publication_{column}_sort_idx ON publications_publication ({column})"
                for column in SORTED
            ],
            reverse_sql=[f"DROP INDEX IF EXISTS publication_{column}_sort_idx" for column in SORTED],
        ),
    ]
