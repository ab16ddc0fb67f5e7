"""The Redis server the suite's cache, usage-buffer and queue tests talk to.

The suite may run on SQLite and on PostgreSQL at the same time against one Redis server (CI
does): each run keeps to Redis databases of its own, so that one run's ``flushdb`` or cache
clear never empties what the other is testing.
"""

import os
import socket

import pytest
from django.db import connection

HOST, PORT = "127.0.0.1", 6379
# Two databases per run: the cache and the usage buffer share one (their keys are prefixed),
# the job queue has the other (its test empties it).
_FIRST = 12 if connection.vendor == "postgresql" else 14
CACHE_URL = f"redis://{HOST}:{PORT}/{_FIRST + 1}"
QUEUE_URL = f"redis://{HOST}:{PORT}/{_FIRST}"


def running():
    try:
        socket.create_connection((HOST, PORT), timeout=0.5).close()
    except OSError:
        return False
    return True


def require():
    """Skip the test when Redis is not running, or fail it where CI says Redis must be."""
    if running():
        return
    if os.environ.get("CI_REQUIRE_REDIS"):
        pytest.fail(f"Redis is not running at {HOST}:{PORT}")
    pytest.skip(f"Redis is not running at {HOST}:{PORT}")
