"""Lists are walked by cursor: each page starts where the last ended, on an indexed order.

A cursor never counts the whole list and never skips an offset of rows, so the last page of
100,000 publications costs what the first does, and rows added meanwhile neither repeat nor
vanish. Each view names its order in ``cursor_ordering``: a unique column (a slug), or one
that is nearly unique with the primary key after it (ties are resolved by the cursor's offset).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-pk",)
    page_size_query_description = _("Rows per page, from 1 to 100 (20 by default).")

    def get_ordering(self, request, queryset, view):
        return getattr(view, "cursor_ordering", self.ordering)

    def get_page_size(self, request):
        """The asked page size; a value outside 1…100 is refused (400), never ignored."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1].strip()
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("A whole number from 1 to 100.")]}
            )
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
        return parameters
