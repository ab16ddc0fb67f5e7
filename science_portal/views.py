"""Site-wide views: the home page and the health check."""

from django.views.generic import TemplateView

from science_portal import health, home


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | home.sections()


def healthz(request):
    """The health check (answered by HealthCheckMiddleware before this, for any host)."""
    return health.report()
