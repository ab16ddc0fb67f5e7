"""Settings for the page benchmark: production settings, plus a bare view to compare with."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from science_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The pages render without collectstatic: the manifest is a deployment step, not a cost.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# bench/usage_pages.py compares a page with and without its view being recorded.
if os.environ.get("BENCH_USAGE") == "off":
    MIDDLEWARE = [m for m in MIDDLEWARE if m != "publications.usage.middleware.UsageMiddleware"]  # noqa: F405
