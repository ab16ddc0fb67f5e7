"""Site-wide search across publications, events, people, organisations and topics.

The one module that owns search: the search page and the suggestion endpoint call it.
``engine`` searches, ``index`` keeps the index in step, ``extract`` reads files' text.
"""

from science_portal.search.engine import Results, search, suggest
from science_portal.search.query import MAX_QUERY_LENGTH, clean_query

__all__ = ["MAX_QUERY_LENGTH", "Results", "clean_query", "search", "suggest"]
