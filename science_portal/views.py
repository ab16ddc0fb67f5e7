"""Site-wide views: the home page, the accessibility statement and the health check."""

import datetime

from django.conf import settings
from django.views.generic import TemplateView

from science_portal import health, home


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | home.sections()


class AccessibilityView(TemplateView):
    """The accessibility statement: what conforms to WCAG 2.2 AA, what does not yet, and
    whom to write to about a problem."""

    template_name = "accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
            "reviewed": datetime.date(2026, 12, 2),
        }


def healthz(request):
    """The health check (answered by HealthCheckMiddleware before this, for any host)."""
    return health.report()
