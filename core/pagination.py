"""Pagination that stays fast on deep pages of large, ordered lists."""

from django.core.paginator import Page, Paginator


class DeferredJoinPaginator(Paginator):
    """Each page reads its ids first, then only those rows ("deferred join").

    ``LIMIT 20 OFFSET 20000`` over whole rows fetches and drops 20,000 wide rows; over ids it
    walks an index that holds the list's order and filters (an index-only scan), and only
    the page's 20 rows are read; pages past the middle walk the index from its other end, so
    the last page costs what the first does. One query more per page, whatever its number.
    A ``count``
    known beforehand (say, from a snapshot of counts) can be passed to save the COUNT(*), and
    ``rows``, the queryset the page's rows are read from, when it is cheaper than the list's.
    """

    def __init__(self, object_list, per_page, *, count=None, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        # Where the page's rows are read from by their ids, when a cheaper queryset than the
        # list's (without a long filter the ids have already passed) serves.
        self.rows = object_list if rows is None else rows
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        ids = self._ids(bottom, top)
        rows = {row.pk: row for row in self.rows.filter(pk__in=ids).order_by()}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)

    def _ids(self, bottom, top):
        ids = self.object_list.values_list("pk", flat=True)
        if bottom <= self.count // 2 or not self.object_list.ordered:
            return list(ids[bottom:top])
        backwards = ids.reverse()[self.count - top : self.count - bottom]
        return list(backwards)[::-1]
