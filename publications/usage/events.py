"""Recording a use: who (as hashes), what, when — pushed into a buffer, counted later.

Nothing is counted inside the request: ``record()`` checks the rules that need the request
itself (a GET answered 200, 206 or 304; no robot; no staff), hashes the visitor and pushes
one small event into the buffer, which ``aggregate`` empties in the background worker:

- with ``REDIS_URL`` (``PORTAL_USAGE_BUFFER=redis``): one ``RPUSH`` onto a Redis list, the
  same round trip a cache read costs (if Redis fails, the event goes to the database);
- otherwise (``database``): one ``INSERT`` of a ``UsageEvent`` row (on PostgreSQL committed
  without waiting for the disk: bench/usage_pages.py measured that wait on every view).

The visitor is a salted SHA-256 of the client's address and user agent (``visitor_hash``,
the portal's hash since its first statistics: no address is ever stored), the session the
same with the date and the hour (COUNTER's session when there is no cookie).
"""

import datetime
import hashlib
import json
import logging
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.clients import client_ip
from publications.models import UsageEvent
from publications.usage import robots

logger = logging.getLogger(__name__)

INVESTIGATION = UsageEvent.Action.INVESTIGATION
REQUEST = UsageEvent.Action.REQUEST
# Statuses that are a use: a whole answer, a not-modified one, a part of a Range run.
COUNTED_STATUSES = frozenset({200, 206, 304})

# Asked for by whoever runs background jobs (science_portal.tasks): "aggregate soon".
_schedulers = []
_next_schedule = 0.0


def now():
    """The time of an event (a function of its own, so that tests can set the clock)."""
    return timezone.now()


def _salted(*parts):
    salt = getattr(settings, "DOWNLOAD_VISITOR_SALT", "") or settings.SECRET_KEY
    return hashlib.sha256("\n".join([salt, *parts]).encode()).hexdigest()


def visitor_hash(ip, user_agent):
    return _salted(ip, user_agent)


def session_hash(ip, user_agent, moment):
    local = timezone.localtime(moment)
    return _salted(ip, user_agent, f"{local:%Y-%m-%d}", f"{local:%H}")


def countable(request, status_code):
    """Whether a request may be a use at all: a GET answered 200/206/304, by a person who is
    not staff, with a browser's user agent."""
    if request.method != "GET" or status_code not in COUNTED_STATUSES:
        return False
    user = getattr(request, "user", None)  # absent on a page served from the page cache
    if user is not None and user.is_authenticated and user.is_staff:
        return False
    return not robots.is_robot(request.headers.get("User-Agent", ""))


def record(request, *, status_code, publication_id, file_id=None, action=INVESTIGATION):
    """Buffer one use of a publication if the request counts; returns whether it was kept."""
    if not countable(request, status_code):
        return False
    moment = now()
    ip, agent = client_ip(request), request.headers.get("User-Agent", "")
    event = {
        "t": moment.timestamp(),
        "p": publication_id,
        "f": file_id,
        "a": str(action),
        "g": status_code == 206,
        "v": visitor_hash(ip, agent),
        "s": session_hash(ip, agent, moment),
    }
    push(event)
    _maybe_schedule()
    return True


def buffer_kind():
    return getattr(settings, "PORTAL_USAGE_BUFFER", "database")


@lru_cache(maxsize=2)
def _redis(url):
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def redis_key():
    return getattr(settings, "PORTAL_USAGE_REDIS_KEY", "science:usage:events")


def push(event):
    if buffer_kind() == "redis":
        try:
            _redis(settings.REDIS_URL).rpush(redis_key(), json.dumps(event))
            return
        except Exception:  # Redis is down: the database keeps the event instead.
            logger.warning("Usage: the Redis buffer failed; the event goes to the database")
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A use is not worth a wait for the disk: the commit returns before its
                # write-ahead log is flushed (a crash can lose the last fraction of a second
                # of events, never corrupt anything).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            UsageEvent.objects.create(**_row(event))
    except DatabaseError:  # A use that cannot be kept must not fail the page it came with.
        logger.warning("Usage: an event could not be buffered", exc_info=True)


def _row(event):
    return {
        "time": datetime.datetime.fromtimestamp(event["t"], tz=datetime.UTC),
        "publication_id": event["p"],
        "file_id": event["f"],
        "action": event["a"],
        "ranged": event["g"],
        "visitor": event["v"],
        "session": event["s"],
    }


def drain_buffer(limit=100_000):
    """Move what the Redis buffer holds into the database's queue; returns how many."""
    if buffer_kind() != "redis":
        return 0
    client = _redis(settings.REDIS_URL)
    moved = 0
    while True:
        with client.pipeline(transaction=True) as pipe:
            pipe.lrange(redis_key(), 0, limit - 1)
            pipe.ltrim(redis_key(), limit, -1)
            raw, _trimmed = pipe.execute()
        if not raw:
            return moved
        rows = [UsageEvent(**_row(json.loads(item))) for item in raw]
        rows = _still_there(rows)
        UsageEvent.objects.bulk_create(rows, batch_size=2000)
        moved += len(rows)


def _still_there(rows):
    """The events whose publication and file were not deleted meanwhile."""
    from publications.models import Publication, PublicationFile

    publications = {row.publication_id for row in rows}
    files = {row.file_id for row in rows if row.file_id}
    publications = set(Publication.objects.filter(pk__in=publications).values_list("pk", flat=True))
    files = set(PublicationFile.objects.filter(pk__in=files).values_list("pk", flat=True))
    return [
        row
        for row in rows
        if row.publication_id in publications and (row.file_id is None or row.file_id in files)
    ]


def on_events(scheduler):
    """Register ``scheduler()``, called at most every PORTAL_USAGE_AGGREGATE_SECONDS per
    process while events come in (science_portal.tasks enqueues the aggregation)."""
    if scheduler not in _schedulers:
        _schedulers.append(scheduler)
    return scheduler


def _maybe_schedule():
    global _next_schedule
    every = getattr(settings, "PORTAL_USAGE_AGGREGATE_SECONDS", 60)
    if not every or not _schedulers:
        return
    clock = time.monotonic()
    if clock < _next_schedule:
        return
    _next_schedule = clock + every
    # One enqueue per interval for all the processes that share the cache.
    if not cache.add("usage:aggregation-asked", 1, every):
        return
    for scheduler in _schedulers:
        try:
            scheduler()
        except Exception:
            logger.exception("Usage: the aggregation could not be scheduled")
