"""Rate limits per client address: generous for people, firm for scrapers.

``@rate_limited("search", per_minute=60)`` counts a client's requests in fixed one-minute
windows in the cache (shared between app servers once the cache is Redis); past the limit
the answer is 429 Too Many Requests with ``Retry-After``. Verified search-engine crawlers
are not limited. ``PORTAL_RATE_LIMITS`` overrides a limit by name (0 turns it off).
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse

from core.clients import client_ip, verified_crawler

WINDOW = 60


def rate_limited(name, *, per_minute):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            limit = limit_for(name, per_minute)
            if limit and over_limit(request, name, limit):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def limit_for(name, per_minute):
    """The limit in force for ``name``: ``PORTAL_RATE_LIMITS``'s, else ``per_minute``."""
    return getattr(settings, "PORTAL_RATE_LIMITS", {}).get(name, per_minute)


def over_limit(request, name, limit):
    now = int(time.time())
    window = now - now % WINDOW
    key = f"rate:{name}:{client_ip(request)}:{window}"
    cache.add(key, 0, WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # gone between add and incr: this request opens the window again
        cache.set(key, 1, WINDOW + 5)
        count = 1
    if count <= limit:
        return False
    request.retry_after = window + WINDOW - now
    return not verified_crawler(request)


def too_many_requests(request):
    retry_after = max(1, getattr(request, "retry_after", WINDOW))
    response = TemplateResponse(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
