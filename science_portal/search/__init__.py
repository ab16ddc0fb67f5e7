"""Site-wide search across publications, events, people, organisations and topics.

The one module that owns search: the search page and the suggestion endpoint call it.
``engine`` searches, ``suggestions`` proposes as you type, ``index`` keeps the index in step,
``extract`` reads files' text.
"""

from science_portal.search.engine import search
from science_portal.search.query import MAX_QUERY_LENGTH, clean_query
from science_portal.search.results import Results
from science_portal.search.suggestions import suggest

__all__ = ["MAX_QUERY_LENGTH", "Results", "clean_query", "search", "suggest"]
