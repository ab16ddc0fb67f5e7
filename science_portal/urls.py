"""Root URLs: machine endpoints unprefixed, every public page under /ru/ or /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from science_portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/img/favicon.svg", permanent=True)),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", include("science_portal.search.urls")),
    path("people/", include("people.urls")),
    path("publications/", include("publications.urls")),
    path("events/", include("events.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
