"""Middleware of the whole site: the health check, headers on every response, and a clean
503 while the database is unreachable."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.defaults import page_not_found

from science_portal import health

logger = logging.getLogger(__name__)

RETRY_AFTER = 30


class HealthCheckMiddleware:
    """``/healthz`` answers before anything reads the ``Host`` header or redirects to HTTPS:
    load balancers probe each node by its address, over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return health.report()
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers every response carries, static files and error pages included: the framing
    rule and the browser features the portal never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.headers.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


class StyledNotFoundMiddleware:
    """Under debug, the portal's own 404 page instead of Django's technical one, so that a
    newcomer running ``make run`` sees what visitors see; ``PORTAL_TECHNICAL_404`` brings the
    technical page back. Without debug, Django already serves the styled page."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active():
        return settings.DEBUG and not settings.PORTAL_TECHNICAL_404

    def __call__(self, request):
        response = self.get_response(request)
        # No URL matched: the resolver's 404 became the technical page before reaching here.
        if response.status_code == 404 and request.resolver_match is None and self.active():
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self.active():
            return page_not_found(request, exception)
        return None


class ApiCorsMiddleware:
    """The API's data is public: any site's scripts may read it (``GET``, ``HEAD``, and the
    ``OPTIONS`` preflight), never with the visitor's cookies or credentials."""

    METHODS = ("GET", "HEAD", "OPTIONS")
    ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"
    MAX_AGE = 24 * 3600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/") or request.method not in self.METHODS:
            return self.get_response(request)
        preflight = (
            request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        )
        response = HttpResponse(status=204) if preflight else self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        if preflight:
            response["Access-Control-Allow-Methods"] = ", ".join(self.METHODS)
            response["Access-Control-Allow-Headers"] = self.ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(self.MAX_AGE)
        else:
            response["Access-Control-Expose-Headers"] = "Retry-After"
        return response


class DatabaseOutageMiddleware:
    """While the database is unreachable, a styled 503 with ``Retry-After`` (plain text for
    OAI-PMH harvesters, JSON for the API) instead of a 500 and a traceback per request. The
    outage is logged once when it starts and once when it ends; connections recover by
    themselves (Django opens a new one for the next request)."""

    down_since = None

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if DatabaseOutageMiddleware.down_since is not None and response.status_code != 503:
            logger.warning(
                "The database answers again after %.0f s",
                time.monotonic() - DatabaseOutageMiddleware.down_since,
            )
            DatabaseOutageMiddleware.down_since = None
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if DatabaseOutageMiddleware.down_since is None:
            DatabaseOutageMiddleware.down_since = time.monotonic()
            logger.error("The database is unreachable: %s", exception)
        return unavailable(request)


def unavailable(request):
    path = request.path_info
    if path.startswith("/oai"):
        response = HttpResponse(
            "The repository is temporarily unavailable; retry later.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    elif path.startswith("/api/"):
        response = JsonResponse({"detail": "Temporarily unavailable."}, status=503)
    else:
        # No messages: reading them would open the session, in the database.
        response = TemplateResponse(request, "503.html", {"messages": []}, status=503)
        response.render()
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
