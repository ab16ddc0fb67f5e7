"""Bibliographic exports: /<lang>/export/publications.bib, .../publications/<slug>.ris."""

from django.urls import re_path

from publications import export_views

app_name = "exports"

FORMAT = r"(?P<fmt>bib|ris|json)"

urlpatterns = [
    re_path(rf"^publications\.{FORMAT}$", export_views.list_export, name="list"),
    re_path(
        rf"^publications/(?P<slug>[-a-zA-Z0-9_]+)\.{FORMAT}$",
        export_views.publication_export,
        name="publication",
    ),
]
