"""Bibliographic exports: /<lang>/export/publications.bib, .../publications/<slug>.ris."""

from django.urls import re_path

from core.throttle import rate_limited
from publications import export_views
from publications.signposting import describes

app_name = "exports"

FORMAT = r"(?P<fmt>bib|ris|json)"

urlpatterns = [
    # A list export reads up to thousands of records: a few a minute is plenty for a person.
    re_path(
        rf"^publications\.{FORMAT}$",
        rate_limited("export-list", per_minute=20)(export_views.list_export),
        name="list",
    ),
    re_path(
        r"^publications\.csv$",
        rate_limited("export-list", per_minute=20)(export_views.list_table),
        name="list-csv",
    ),
    re_path(
        rf"^publications/(?P<slug>[-a-zA-Z0-9_]+)\.{FORMAT}$",
        describes(rate_limited("export", per_minute=120)(export_views.publication_export)),
        name="publication",
    ),
    re_path(
        r"^publications/(?P<slug>[-a-zA-Z0-9_]+)\.jsonld$",
        describes(rate_limited("export", per_minute=120)(export_views.publication_jsonld)),
        name="publication-jsonld",
    ),
]
