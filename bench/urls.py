"""The portal's URLs, plus the bare view every page is measured against."""

from django.http import HttpResponse
from django.urls import path

from publications.models import Publication
from science_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """One query through the whole middleware stack, and a tiny response: the ceiling."""
    first = Publication.objects.order_by("pk").values_list("pk", flat=True).first()
    return HttpResponse(f"{first}", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *portal_urlpatterns]
