"""The health check: the database, the media storage (writable) and the cache."""

import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# What failed at the last check: a failure is logged when it starts, not at every probe.
_failing = set()


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_storage():
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise OSError("the cache does not keep what it is given")
    cache.delete(key)


CHECKS = {"database": check_database, "storage": check_storage, "cache": check_cache}
ERRORS = (DatabaseError, OSError, ConnectionError)


def report():
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except ERRORS as error:
            results[name] = "unavailable"
            if name not in _failing:
                _failing.add(name)
                logger.error("Health check: %s unavailable: %s", name, error)
        else:
            results[name] = "ok"
            _failing.discard(name)
    healthy = all(value == "ok" for value in results.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **results})
    response.status_code = 200 if healthy else 503
    add_never_cache_headers(response)
    return response
