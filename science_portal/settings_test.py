"""Settings for the test suite: production settings with test-only shortcuts."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef"
)

from .settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "core.media.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Rate limits count across the whole run from one address (the test client's): off, except
# in the tests of the limits themselves.
PORTAL_RATE_LIMITS = {"search": 0, "suggest": 0, "export": 0, "export-list": 0, "api": 0}
# The page cache is off in the suite, except in its own tests.
PORTAL_PAGE_CACHE_SECONDS = 0
# Background jobs run at once, inside the request or command that enqueues them; the tests of
# the database backend and its worker switch to it themselves (tests/test_tasks.py). The
# suite's transactions never commit, so a job enqueued "on commit" is enqueued at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PORTAL_TASKS_WAIT_FOR_COMMIT = False
# Retries run at once (a deferred run needs a backend that can wait).
PORTAL_TASK_RETRY_DELAY = 0
# An address the OAI-PMH schema accepts (it wants a dotted domain), so every Identify the tests
# make validates against tests/data/oai/OAI-PMH.xsd.
OAI_ADMIN_EMAILS = ["science@customs-academy.example.org"]
# Usage events wait in the database and are counted when a test says so.
PORTAL_USAGE_BUFFER = "database"
PORTAL_USAGE_AGGREGATE_SECONDS = 0
