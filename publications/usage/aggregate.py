"""Counting the buffered events by the COUNTER R5.1 rules, in the background worker.

The events are replayed in time order through ``Counter``:

- **Double clicks**: the same action on the same item (a publication's page, or one file) by
  the same user (address and user agent) within ``DOUBLE_CLICK_SECONDS`` of the previous one
  counts once.
- **Range runs**: the 206 answers for one file in one session are one Request (a reader that
  fetches a book chunk by chunk opens it once).
- **Unique items**: one per item per session (address, user agent, date and hour).
- **Roll-up**: every Investigation of an article is an Investigation of its collection too.
- Every Request is an Investigation.

Events already counted are kept for ``RETENTION`` (longer than a session can last, plus the
buffer's lag) so that the next run knows the double clicks and sessions they started; then
they are deleted. Counts go to ``UsageDay`` (per publication; a collection's include its
articles' Investigations) and ``PlatformUsageDay`` (each use once), and the files' download
counts and the publications' totals (the list's "most downloaded" order) follow.
"""

import datetime
from collections import Counter as Tally

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from publications.models import (
    PlatformUsageDay,
    Publication,
    PublicationFile,
    UsageDay,
    UsageEvent,
    UsageMetric,
    UsageMonth,
)
from publications.usage import events as usage_events

DOUBLE_CLICK_SECONDS = 30
RETENTION = datetime.timedelta(hours=2)
# A session lasts at most a clock hour: earlier events cannot share one with a new event.
LOOKBACK = datetime.timedelta(hours=1, seconds=DOUBLE_CLICK_SECONDS)
BATCH = 20_000
M = UsageMetric
MONTH_COLUMNS = ["investigations", "unique_investigations", "requests", "unique_requests"]
FIELDS = ("pk", "time", "publication_id", "file_id", "action", "ranged", "visitor", "session")


class Counter:
    """The rules' memory and the counts they produce, for one run."""

    def __init__(self, parents):
        self.parents = parents  # publication id -> its collection's id (or None)
        self.last_click = {}
        self.seen = set()
        self.items = Tally()  # (publication, day, metric) -> n
        self.platform = Tally()  # (day, metric) -> n
        self.files = Tally()  # file id -> counted Requests

    def feed(self, event, *, count=True):
        """Apply the rules to one event; ``count=False`` only remembers (an event counted
        in an earlier run)."""
        _pk, moment, publication, file, action, ranged, visitor, session = event
        request = action == usage_events.REQUEST
        target = file if request else publication
        repeat = False
        if ranged:
            run = ("run", session, file)
            repeat = run in self.seen
            self.seen.add(run)
        click = (visitor, action, target)
        previous = self.last_click.get(click)
        self.last_click[click] = moment
        if previous is not None and (moment - previous).total_seconds() <= DOUBLE_CLICK_SECONDS:
            repeat = True
        day = timezone.localdate(moment)
        parent = self.parents.get(publication)
        title = parent or publication
        firsts = {
            # The item's uniques include its articles' (roll-up); the platform's count each
            # publication's own uses only.
            "item_i": self._first(session, publication, "i"),
            "own_i": self._first(session, publication, "own"),
            "item_r": request and self._first(session, publication, "r"),
            "parent_i": parent is not None and self._first(session, parent, "i"),
            "title_i": self._first(session, ("title", title), "i"),
            "title_r": request and self._first(session, ("title", title), "r"),
        }
        if not count:
            return
        items, platform = self.items, self.platform
        if not repeat:
            items[publication, day, M.TOTAL_ITEM_INVESTIGATIONS] += 1
            platform[day, M.TOTAL_ITEM_INVESTIGATIONS] += 1
            if parent is not None:
                items[parent, day, M.TOTAL_ITEM_INVESTIGATIONS] += 1
            if request:
                items[publication, day, M.TOTAL_ITEM_REQUESTS] += 1
                platform[day, M.TOTAL_ITEM_REQUESTS] += 1
                if file:
                    self.files[file] += 1
        if firsts["item_i"]:
            items[publication, day, M.UNIQUE_ITEM_INVESTIGATIONS] += 1
        if firsts["own_i"]:
            platform[day, M.UNIQUE_ITEM_INVESTIGATIONS] += 1
        if firsts["item_r"]:
            items[publication, day, M.UNIQUE_ITEM_REQUESTS] += 1
            platform[day, M.UNIQUE_ITEM_REQUESTS] += 1
        if firsts["parent_i"]:
            items[parent, day, M.UNIQUE_ITEM_INVESTIGATIONS] += 1
        if firsts["title_i"]:
            platform[day, M.UNIQUE_TITLE_INVESTIGATIONS] += 1
        if firsts["title_r"]:
            platform[day, M.UNIQUE_TITLE_REQUESTS] += 1

    def _first(self, session, item, family):
        key = (session, item, family)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def aggregate(*, now=None, batch=BATCH):
    """Count every event waiting in the buffer; returns how many were counted."""
    usage_events.drain_buffer()
    counted = 0
    while True:
        with transaction.atomic():
            # Locked: a second worker waits, then finds these counted and takes the next.
            pending = list(
                UsageEvent.objects.select_for_update()
                .filter(processed=False)
                .order_by("time", "pk")
                .values_list(*FIELDS)[:batch]
            )
            if not pending:
                break
            _count(pending)
            counted += len(pending)
    forget_old_events(now=now)
    return counted


def _count(pending):
    first, last = pending[0][1], pending[-1][1]
    visitors = {event[6] for event in pending}
    earlier = UsageEvent.objects.filter(
        processed=True, time__gte=first - LOOKBACK, time__lte=last
    ).order_by("time", "pk")
    if len(visitors) <= 2000:
        earlier = earlier.filter(visitor__in=visitors)
    earlier = list(earlier.values_list(*FIELDS))
    ids = {event[2] for event in pending} | {event[2] for event in earlier}
    parents = dict(
        Publication.objects.filter(pk__in=ids, parent__isnull=False).values_list("pk", "parent")
    )
    counter = Counter(parents)
    for event in earlier:
        counter.feed(event, count=False)
    for event in pending:
        counter.feed(event)
    _add_items(counter.items)
    _add_platform(counter.platform)
    _add_downloads(counter.files)
    pks = [event[0] for event in pending]
    for start in range(0, len(pks), 1000):
        UsageEvent.objects.filter(pk__in=pks[start : start + 1000]).update(processed=True)


def _add_items(tally):
    """Add the counts to the publications' days and months (one upsert per thousand rows)."""
    days = [(p, day, metric, n) for (p, day, metric), n in tally.items()]
    upsert(UsageDay, ["publication_id", "day", "metric"], ["count"], days)
    months = {}
    for (publication, day, metric), n in tally.items():
        row = months.setdefault((publication, day.replace(day=1)), [0, 0, 0, 0])
        row[MONTH_COLUMNS.index(UsageMonth.COLUMNS[metric])] += n
    upsert(
        UsageMonth,
        ["publication_id", "month"],
        MONTH_COLUMNS,
        [(*key, *values) for key, values in months.items()],
    )


def _add_platform(tally):
    rows = [(day, metric, n) for (day, metric), n in tally.items()]
    upsert(PlatformUsageDay, ["day", "metric"], ["count"], rows)


def upsert(model, keys, counts, rows, *, chunk=500):
    """Insert rows (keys then counts), adding the counts to a row already there: INSERT … ON
    CONFLICT DO UPDATE, which PostgreSQL and SQLite both have (no read before the write)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in [*keys, *counts])
    conflict = ", ".join(quote(name) for name in keys)
    update = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in counts)
    width = len(keys) + len(counts)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(part))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {update}",
                [value for row in part for value in row],
            )


def _add_downloads(files):
    """The files' download counts and their publications' totals follow the Requests."""
    items = list(files.items())
    for start in range(0, len(items), 500):
        chunk = dict(items[start : start + 500])
        PublicationFile.objects.filter(pk__in=chunk).update(
            download_count=F("download_count")
            + Case(
                *(When(pk=pk, then=Value(n)) for pk, n in chunk.items()),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        publications = PublicationFile.objects.filter(pk__in=chunk).values("publication")
        totals = (
            PublicationFile.objects.filter(publication=OuterRef("pk"))
            .order_by()
            .values("publication")
            .annotate(total=Sum("download_count"))
            .values("total")
        )
        Publication.objects.filter(pk__in=publications).update(
            total_downloads=Coalesce(Subquery(totals), Value(0))
        )


def forget_old_events(*, now=None):
    """Delete counted events too old to matter to the rules any more."""
    now = now or timezone.now()
    return UsageEvent.objects.filter(processed=True, time__lt=now - RETENTION).delete()[0]
