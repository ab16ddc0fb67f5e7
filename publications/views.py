"""Public pages of publications and topics, and the one view that serves their files."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponseGone
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from core.addresses import GoneOrMovedMixin, gone_or_moved
from core.db import one_of
from core.media.downloads import serve_file, serve_thumbnail
from core.pagination import DeferredJoinPaginator
from core.publishing import can_preview
from publications import facets, preview, queries, reader, signposting
from publications.filters import PublicationFilter
from publications.formats import apa, common, gost
from publications.formats.page import PublicationCitation
from publications.models import COVER_THUMBNAILS, Publication, PublicationFile, Topic
from publications.usage import chart
from publications.usage import events as usage_events
from publications.usage.middleware import mark as mark_usage


class PublicationListView(ListView):
    """All published publications, with facets, sorting and pagination that keeps both."""

    template_name = "publications/publication_list.html"
    context_object_name = "publications"
    paginate_by = settings.PAGINATE_BY

    def get(self, request, *args, **kwargs):
        # Always bound (an empty query is a valid one), so that the default sort applies.
        self.filterset = PublicationFilter(request.GET, queryset=queries.listed(), request=request)
        self.filters_valid = self.filterset.is_valid()
        response = super().get(request, *args, **kwargs)
        if not self.filters_valid:
            response.status_code = 400
        return response

    def get_queryset(self):
        if not self.filters_valid:
            return Publication.objects.none()
        return self.filterset.qs

    def get_paginator(self, queryset, per_page, **kwargs):
        # Unfiltered or under one facet's value, the number of publications is already
        # counted in the catalogue's snapshot.
        count = self.filterset.catalogue_count() if self.filters_valid else None
        return DeferredJoinPaginator(queryset, per_page, count=count, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.filters_valid:
            context["facets"] = self.filterset.facet_counts(size=context["paginator"].count)
            context["active_filters"] = [
                {"name": name, "label": label, "value": value, "remove_url": self._without(name)}
                for name, label, value in self.filterset.active()
            ]
        context["filter"] = self.filterset
        context["filters_valid"] = self.filters_valid
        context["sort"] = self.filterset.sort_key() if self.filters_valid else ""
        return context

    def _without(self, name):
        """This page's query string without one filter (and back to the first page)."""
        query = self.request.GET.copy()
        for key in (name, "page"):
            query.pop(key, None)
        return f"?{query.urlencode()}" if query else self.request.path


class PublicationDetailView(GoneOrMovedMixin, DetailView):
    """One publication: the public see it once published, staff also preview drafts; once
    withdrawn, its tombstone (410); under a former slug, a redirect."""

    model = Publication
    template_name = "publications/publication_detail.html"
    context_object_name = "publication"

    def tombstone_context(self, row):
        authorships = row.authorships.select_related("person").order_by("order", "pk")
        return {
            "authors": [authorship.person.full_name for authorship in authorships],
            "year": row.year,
            "citations": [
                (_("GOST R 7.0.100–2018"), gost.reference(row)),
                ("APA", apa.reference(row)),
            ],
        }

    def get_queryset(self):
        parts = (
            Publication.objects.published()
            .prefetch_related(queries.authorships_prefetch(), queries.public_files_prefetch())
            .order_by("first_page", "year", "pk")
        )
        return (
            Publication.objects.visible_to(self.request.user)
            .select_related("parent")
            .prefetch_related(
                queries.authorships_prefetch(),
                queries.publishers_prefetch(),
                queries.public_topics_prefetch(),
                Prefetch("files", queryset=PublicationFile.objects.order_by("order", "pk")),
                Prefetch("parts", queryset=parts),
            )
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["signposts"]:
            response["Link"] = signposting.header(context["signposts"])
        if not context["is_preview"]:
            mark_usage(response, self.object.pk)  # counted by UsageMiddleware, cached or not
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = self.object
        staff = can_preview(self.request.user, Publication)
        files = list(publication.files.all())
        parent = publication.parent
        parts = list(publication.parts.all())
        for part in parts:
            # Each article of a collection is downloadable from the collection's contents.
            part.pdf = common.pdf_file(part)
        context.update(
            {
                "is_preview": not publication.is_published,
                "files": files if staff else [f for f in files if f.is_downloadable],
                "readables": reader.readables(files, staff=staff),
                "usage": chart.publication_usage(publication),
                "parent": parent if parent and (staff or parent.is_published) else None,
                "parts": parts,
                "authorships": publication.authorships.all(),
                "publisher_links": publication.publisher_links.all(),
                "citation": PublicationCitation(self.request, publication),
                # A staff preview of a draft points nowhere.
                "signposts": (
                    signposting.page_links(self.request, publication)
                    if publication.is_published
                    else []
                ),
            }
        )
        return context


class TopicListView(ListView):
    template_name = "publications/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # How many public publications each has: from the catalogue's facet counts.
        counts = {option["pk"]: option["count"] for option in facets.catalogue_tally()["topic"]}
        for topic in context["topics"]:
            topic.publication_count = counts.get(topic.pk, 0)
        return context


class TopicDetailView(GoneOrMovedMixin, ListView):
    """A topic and its published publications (paginated), with its events."""

    model = Topic
    template_name = "publications/topic_detail.html"
    context_object_name = "publications"
    paginate_by = settings.PAGINATE_BY

    def get_queryset(self):
        self.topic = get_object_or_404(Topic.objects.published(), slug=self.kwargs["slug"])
        # The topic's ids first, from the link table's index, written in as one array
        # (core.db.one_of): the page then walks the list's order checking each row against
        # them (hashed), not probing the link table row by row for a join (a middle page of
        # a 3,000-publication topic: 100–220 ms that way, 14 ms this way).
        ids = Publication.topics.through.objects.filter(topic=self.topic).values_list(
            "publication_id", flat=True
        )
        self.rows = queries.listed(Publication.objects.published())
        return self.rows.filter(one_of("pk", ids)).order_by("-year", "-date", "pk")

    def get_paginator(self, *args, **kwargs):
        """Pages read by their ids first (deep pages cost what the first does), counted from
        the catalogue's facet snapshot, which counts every topic's public publications (one
        row read, kept in step with changes), not by a count joining the whole catalogue."""
        counts = {option["pk"]: option["count"] for option in facets.catalogue_tally()["topic"]}
        return DeferredJoinPaginator(
            *args, count=counts.get(self.topic.pk, 0), rows=self.rows, **kwargs
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"topic": self.topic}


@require_safe
def download(request, pk):
    """Serve a publication file to whoever may have it; everyone else gets a plain 404."""
    file = get_object_or_404(PublicationFile.objects.select_related("publication"), pk=pk)
    public = file.publication.is_published and file.is_downloadable
    if not public and not can_preview(request.user, Publication):
        if file.publication.is_withdrawn:
            return HttpResponseGone(_("The publication was withdrawn; its files are gone."))
        raise Http404("No such file.")
    response = serve_file(
        request,
        file.file,
        filename=file.original_name or f"publication-{file.publication_id}{file.file.name[-4:]}",
        content_type=file.mime_type or "application/octet-stream",
        etag=file.sha256 or None,
        last_modified=file.updated,
    )
    # Staff previews of what the public cannot see yet are not downloads.
    if public:
        usage_events.record(
            request,
            status_code=response.status_code,
            publication_id=file.publication_id,
            file_id=file.pk,
            action=usage_events.REQUEST,
        )
        signposting.add_back_link(response, request, file.publication.slug, "collection")
    return response


@require_safe
def read(request, slug, pk=None):
    """The full-window reader of a publication's PDF (its first readable one without ``pk``):
    the full text for whoever may download it, a restricted file's preview for the public."""
    publication = (
        Publication.objects.visible_to(request.user)
        .prefetch_related(
            queries.authorships_prefetch(),
            Prefetch("files", queryset=PublicationFile.objects.order_by("order", "pk")),
        )
        .filter(slug=slug)
        .first()
    )
    if publication is None:
        response = gone_or_moved(request, Publication, slug)
        if response is None:
            raise Http404("No such publication.")
        return response
    items = reader.readables(publication.files.all(), staff=can_preview(request.user, Publication))
    chosen = next((item for item in items if pk is None or item.file.pk == pk), None)
    if chosen is None:
        raise Http404("Nothing to read.")
    context = {
        "publication": publication,
        "readable": chosen,
        "readables": items,
        "is_preview": not publication.is_published,
    }
    return render(request, "publications/reader.html", context)


@require_safe
def preview_file(request, pk):
    """A restricted file's public preview (its first pages, a PDF of their own), for the
    reader; anything else of the file stays behind the download view's checks."""
    file = get_object_or_404(PublicationFile.objects.select_related("publication"), pk=pk)
    staff = can_preview(request.user, Publication)
    if not (preview.is_public(file) or (staff and preview.is_ready(file))):
        raise Http404("No preview.")
    stem = (file.original_name or f"publication-{file.publication_id}.pdf").rsplit(".", 1)[0]
    response = serve_file(
        request,
        file.preview_file,
        filename=f"{stem}-preview.pdf",
        content_type="application/pdf",
        as_attachment=False,
        last_modified=file.updated,
    )
    # A few pages are not the work: crawlers (Google Scholar) must not take them for it.
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def linkset(request, slug):
    """The publication's Signposting linkset (RFC 9264), public publications only."""
    publication = get_object_or_404(
        Publication.objects.published().prefetch_related(
            queries.authorships_prefetch(),
            Prefetch("files", queryset=PublicationFile.objects.order_by("order", "pk")),
        ),
        slug=slug,
    )
    return signposting.linkset_response(request, publication)


@require_safe
def cover(request, slug, size):
    """A cover thumbnail, only for a publication the visitor may see (drafts stay private)."""
    publication = get_object_or_404(Publication.objects.visible_to(request.user), slug=slug)
    return serve_thumbnail(request, publication.cover, f"cover-{size}", COVER_THUMBNAILS)
