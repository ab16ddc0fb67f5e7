"""Root URLs: machine endpoints unprefixed, every public page under /ru/ or /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from events import feeds as event_feeds
from events import statistics as event_statistics
from publications import feeds as publication_feeds
from publications import urls_statistics
from publications.oai.views import endpoint as oai_endpoint
from science_portal import robots, sitemaps, views

feed_patterns = [
    path("publications.rss", publication_feeds.PublicationsFeed(), name="publications"),
    path("publications.atom", publication_feeds.PublicationsAtomFeed(), name="publications-atom"),
    path("topics/<slug:slug>.rss", publication_feeds.TopicFeed(), name="topic"),
    path("topics/<slug:slug>.atom", publication_feeds.TopicAtomFeed(), name="topic-atom"),
    path("authors/<slug:slug>.rss", publication_feeds.AuthorFeed(), name="author"),
    path("authors/<slug:slug>.atom", publication_feeds.AuthorAtomFeed(), name="author-atom"),
    path("events.rss", event_feeds.UpcomingEventsFeed(), name="events"),
    path("events.atom", event_feeds.UpcomingEventsAtomFeed(), name="events-atom"),
]

# The statistics pages are the publications app's; an event's joins them in one namespace.
statistics_patterns = [
    *urls_statistics.urlpatterns,
    path("events/<slug:slug>/", event_statistics.EventStatisticsView.as_view(), name="event"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/img/favicon.svg", permanent=True)),
    path("robots.txt", robots.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>-<int:number>.xml", sitemaps.section, name="sitemap-section"),
    path("oai/", oai_endpoint, name="oai"),
    path("api/v1/", include("science_portal.api.urls")),
    path("reports/", include("publications.urls_reports")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("search/", include("science_portal.search.urls")),
    path("people/", include("people.urls")),
    path("publications/", include("publications.urls")),
    path("events/", include("events.urls")),
    path("export/", include("publications.urls_export")),
    path("statistics/", include((statistics_patterns, urls_statistics.app_name))),
    path("feeds/", include((feed_patterns, "feeds"))),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
