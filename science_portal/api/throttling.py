"""The API's rate limit: the site's one rule (``core.throttle``), per client address."""

from rest_framework.throttling import BaseThrottle

from core import throttle

# Requests per minute and client address; PORTAL_RATE_LIMITS["api"] overrides it.
PER_MINUTE = 120


class ClientAddressThrottle(BaseThrottle):
    """Counts the client's requests in ``core.throttle``'s windows, shared by every API view;
    past the limit DRF answers 429 with a JSON ``detail`` and ``Retry-After``."""

    name = "api"

    def allow_request(self, request, view):
        self.request = request._request  # the Django request: core.throttle's counters use it
        limit = throttle.limit_for(self.name, PER_MINUTE)
        return not (limit and throttle.over_limit(self.request, self.name, limit))

    def wait(self):
        return max(1, getattr(self.request, "retry_after", throttle.WINDOW))
