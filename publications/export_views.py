"""Downloads of bibliographic records: one publication, or a whole filtered list."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import pagecache
from publications.filters import PublicationFilter
from publications.formats import bibtex, common, csl_json, jsonld, ris, table
from publications.formats.queries import for_citation
from publications.models import Publication

# The format's content type, its text for a few records, and that text in parts (streamed).
FORMATS = {
    "bib": (
        "application/x-bibtex; charset=utf-8",
        bibtex.bibliography,
        bibtex.bibliography_parts,
    ),
    "ris": (
        "application/x-research-info-systems; charset=utf-8",
        ris.records,
        ris.record_parts,
    ),
    "json": (
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        csl_json.dumps,
        csl_json.dumps_parts,
    ),
}


def export_limit():
    """The largest list one request exports; a bigger one is asked to narrow the filters."""
    return getattr(settings, "EXPORT_LIST_LIMIT", 5000)


def export_batch():
    """How many publications a list export reads and formats at a time."""
    return getattr(settings, "EXPORT_LIST_BATCH", 500)


def list_filterset(request, queryset):
    """The publication list's own filters, applied to ``queryset`` (same parameters, same rules)."""
    return PublicationFilter(request.GET, queryset=queryset, request=request)


def _download(response, filename, fmt):
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _url_for(request):
    def url_for(publication):
        return request.build_absolute_uri(publication.get_absolute_url())

    return url_for


def in_batches(ids, size):
    """The published publications of ``ids``, in that order, read ``size`` at a time.

    Seven queries a batch (``for_citation``), whatever its size; a publication unpublished
    since its id was read is left out.
    """
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        rows = for_citation(Publication.objects.published()).filter(pk__in=batch).order_by()
        by_pk = {publication.pk: publication for publication in rows}
        yield from (by_pk[pk] for pk in batch if pk in by_pk)


def _encoded(parts, language):
    """The parts as UTF-8, written in the request's language (URLs, labels) while streamed."""
    with translation.override(language):
        for part in parts:
            yield part.encode()


@require_safe
def publication_export(request, slug, fmt):
    """One published publication as BibTeX, RIS or CSL-JSON."""
    publication = get_object_or_404(for_citation(Publication.objects.published()), slug=slug)
    content_type, render, _parts = FORMATS[fmt]
    text = render([publication], url_for=_url_for(request))
    return _download(HttpResponse(text, content_type=content_type), publication.slug, fmt)


@require_safe
def publication_jsonld(request, slug):
    """One published publication as schema.org JSON-LD, the data its page embeds, for machines
    that follow the page's describedby link."""
    publication = get_object_or_404(for_citation(Publication.objects.published()), slug=slug)
    absolute = request.build_absolute_uri
    pdf = common.pdf_file(publication)
    data = jsonld.publication(
        publication,
        page_url=absolute(publication.get_absolute_url()),
        pdf_url=absolute(pdf.get_absolute_url()) if pdf is not None else "",
        absolute=absolute,
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def list_export(request, fmt):
    """Every publication the list shows for these query parameters, in the list's order.

    One query reads the ids in order (at most the limit and one more, which says the list is
    too long), then the records are read, formatted and sent a batch at a time.
    """
    filterset = list_filterset(request, Publication.objects.published())
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            _("The filters are not valid: %(errors)s")
            % {"errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())},
            content_type="text/plain; charset=utf-8",
        )
    limit = export_limit()
    ids = list(filterset.qs.values_list("pk", flat=True)[: limit + 1])
    if len(ids) > limit:
        return HttpResponseBadRequest(
            _("More than %(limit)s publications: narrow the filters to export them.")
            % {"limit": limit},
            content_type="text/plain; charset=utf-8",
        )
    content_type, _render, parts = FORMATS[fmt]
    publications = in_batches(ids, export_batch())
    body = _encoded(parts(publications, url_for=_url_for(request)), translation.get_language())
    # Bounded by the export limit, so the page cache may keep it for the next visitor.
    response = StreamingHttpResponse(body, content_type=content_type)
    return _download(pagecache.cache_streamed(response), "publications", fmt)


@require_safe
def list_table(request):
    """The list as a CSV table (publications.formats.table): the import reads it back in."""
    filterset = list_filterset(request, Publication.objects.published())
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            _("The filters are not valid."), content_type="text/plain; charset=utf-8"
        )
    limit = export_limit()
    ids = list(filterset.qs.values_list("pk", flat=True)[: limit + 1])
    if len(ids) > limit:
        return HttpResponseBadRequest(
            _("More than %(limit)s publications: narrow the filters to export them.")
            % {"limit": limit},
            content_type="text/plain; charset=utf-8",
        )
    language = translation.get_language()
    parts = table.rows_parts(
        in_batches(ids, export_batch()), url_for=_url_for(request), language=language
    )
    body = _encoded(parts, language)
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    return _download(pagecache.cache_streamed(response), "publications", "csv")
