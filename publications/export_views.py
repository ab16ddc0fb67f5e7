"""Downloads of bibliographic records: one publication, or a whole filtered list."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from publications.filters import PublicationFilter
from publications.formats import bibtex, csl_json, ris
from publications.formats.queries import for_citation
from publications.models import Publication

# The largest list one request exports; a bigger one asks to narrow the filters.
EXPORT_LIMIT = getattr(settings, "EXPORT_LIST_LIMIT", 5000)

FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", bibtex.bibliography),
    "ris": ("application/x-research-info-systems; charset=utf-8", ris.records),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", csl_json.dumps),
}


def list_filterset(request, queryset):
    """The publication list's own filters, applied to ``queryset`` (same parameters, same rules)."""
    return PublicationFilter(request.GET, queryset=queryset, request=request)


def _respond(request, publications, fmt, filename):
    content_type, render = FORMATS[fmt]

    def url_for(publication):
        return request.build_absolute_uri(publication.get_absolute_url())

    response = HttpResponse(render(publications, url_for=url_for), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def publication_export(request, slug, fmt):
    """One published publication as BibTeX, RIS or CSL-JSON."""
    publication = get_object_or_404(for_citation(Publication.objects.published()), slug=slug)
    return _respond(request, [publication], fmt, publication.slug)


@require_safe
def list_export(request, fmt):
    """Every publication the list shows for these query parameters, in the list's order."""
    queryset = for_citation(Publication.objects.published())
    filterset = list_filterset(request, queryset)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            _("The filters are not valid: %(errors)s")
            % {"errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())},
            content_type="text/plain; charset=utf-8",
        )
    publications = list(filterset.qs[: EXPORT_LIMIT + 1])
    if len(publications) > EXPORT_LIMIT:
        return HttpResponseBadRequest(
            _("More than %(limit)s publications: narrow the filters to export them.")
            % {"limit": EXPORT_LIMIT},
            content_type="text/plain; charset=utf-8",
        )
    return _respond(request, publications, fmt, "publications")
