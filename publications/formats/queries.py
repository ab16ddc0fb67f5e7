"""One queryset that loads everything the formats read, in a fixed number of queries."""

from django.db.models import Prefetch

from publications.models import Publication, Topic
from publications.queries import authorships_prefetch, public_files_prefetch, publishers_prefetch


def for_citation(queryset=None):
    """Published publications with authors, publishers, parent, topics and public files.

    Seven queries whatever the number of rows: the rows (with the parent joined), their
    authorships, publishers, the parent's authorships and publishers, topics, files.
    """
    queryset = Publication.objects.published() if queryset is None else queryset
    return queryset.select_related("parent").prefetch_related(
        authorships_prefetch(),
        publishers_prefetch(),
        authorships_prefetch("parent__authorships"),
        publishers_prefetch("parent__publisher_links"),
        Prefetch("topics", queryset=Topic.objects.published().order_by("name", "pk")),
        public_files_prefetch(),
    )
