"""Download statistics in the COUNTER manner: one download per file, visitor and day.

A visitor is a salted SHA-256 of the IP address and the user agent (the IP itself is never
stored); robots (``data/robots.txt``) are not counted, and neither are HEAD requests,
304 answers, or a resumed download (a Range that does not start at byte 0).
"""

import datetime
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.clients import client_ip
from core.media.downloads import range_start
from publications.models import DownloadVisit, Publication, PublicationFile

ROBOTS_FILE = Path(__file__).resolve().parent / "data" / "robots.txt"


@lru_cache(maxsize=1)
def robot_pattern():
    """The robot patterns of the data file, compiled into one case-insensitive expression."""
    lines = ROBOTS_FILE.read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def is_robot(user_agent):
    """Whether a User-Agent belongs to a robot (an empty one counts as a robot)."""
    user_agent = (user_agent or "").strip()
    return not user_agent or bool(robot_pattern().search(user_agent))


# COUNTER's double-click rule: requests for one file from one address within this many
# seconds are one download, whatever user agents they give.
DOUBLE_CLICK_SECONDS = 30


def _salted(*parts):
    salt = getattr(settings, "DOWNLOAD_VISITOR_SALT", "") or settings.SECRET_KEY
    return hashlib.sha256("\n".join([salt, *parts]).encode()).hexdigest()


def visitor_id(request):
    """A salted hash of the client's IP address and user agent: no raw IP is kept."""
    return _salted(client_ip(request), request.headers.get("User-Agent", ""))


def first_click(file, request, day):
    """Whether this is the first request for the file from the client's address in the last
    ``DOUBLE_CLICK_SECONDS`` (kept in the cache, shared by the app servers)."""
    key = f"download-click:{file.pk}:{day:%Y%m%d}:{_salted(client_ip(request))}"
    return cache.add(key, 1, DOUBLE_CLICK_SECONDS)


def should_count(request, response):
    """A full download a person started: GET, answered 200/206 from byte 0, not a robot."""
    if request.method != "GET" or response.status_code not in (200, 206):
        return False
    if range_start(request) != 0:
        return False
    return not is_robot(request.headers.get("User-Agent", ""))


def record_download(*, file, request, day=None):
    """Count a download once per visitor and day, and requests from one address within
    seconds once; returns whether it was counted."""
    day = day or timezone.localdate()
    if not first_click(file, request, day):
        return False
    try:
        with transaction.atomic():
            _visit, created = DownloadVisit.objects.get_or_create(
                file=file, visitor=visitor_id(request), day=day
            )
            if created:
                PublicationFile.objects.filter(pk=file.pk).update(
                    download_count=F("download_count") + 1
                )
                Publication.objects.filter(pk=file.publication_id).update(
                    total_downloads=F("total_downloads") + 1
                )
    except IntegrityError:  # the same visitor's parallel request counted it first
        return False
    return created


def monthly_downloads(files, *, months=12, today=None):
    """Counted downloads per month, newest month first: [(month, {file_id: n}, total)]."""
    today = today or timezone.localdate()
    first_month = today.replace(day=1)
    for _ in range(months - 1):
        first_month = (first_month - datetime.timedelta(days=1)).replace(day=1)
    rows = (
        DownloadVisit.objects.filter(file__in=files, day__gte=first_month)
        .annotate(month=TruncMonth("day"))
        .values("month", "file")
        .annotate(n=Count("pk"))
        .order_by("-month")
    )
    by_month = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        by_month.setdefault(month, {})[row["file"]] = row["n"]
    return [(month, counts, sum(counts.values())) for month, counts in by_month.items()]
