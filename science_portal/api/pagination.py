"""Lists are walked by cursor: each page starts where the last ended, on an indexed order.

A cursor never counts the whole list and never skips an offset of rows, so the last page of
100,000 publications costs what the first does, and rows added meanwhile neither repeat nor
vanish. Each view names its order in ``ordering``: a unique column (a slug), or one that is
nearly unique with the primary key after it (ties are resolved by the cursor's offset).
"""

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-pk",)

    def get_ordering(self, request, queryset, view):
        return getattr(view, "cursor_ordering", self.ordering)
