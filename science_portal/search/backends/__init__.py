"""How the index is matched and ranked on each database; both answer the same calls.

PostgreSQL matches a weighted tsvector with a tsquery built from both the 'russian' and the
'english' configurations (plus the normalised name keys) and ranks with ts_rank; SQLite, the
quick start, matches lower-cased text by containment. Both give the same results object.
"""

from django.db import connection

from science_portal.search.backends.fallback import FallbackBackend
from science_portal.search.backends.postgres import PostgresBackend


def backend_for(parsed, tokens):
    """The matching of a parsed query (and its name tokens) on the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend(parsed, tokens)
    return FallbackBackend(parsed, tokens)
