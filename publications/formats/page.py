"""Everything a publication page shows or hides for citing it, computed once per request."""

from functools import cached_property

from django.db.models import prefetch_related_objects
from django.urls import reverse

from core.languages import active_language
from publications.formats import apa, common, gost, jsonld, scholar
from publications.queries import authorships_prefetch, publishers_prefetch

EXPORT_FORMATS = (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))


class PublicationCitation:
    """The "how to cite" texts, export links and machine-readable metadata of one publication.

    ``context["citation"] = PublicationCitation(request, publication)`` in the detail view;
    the includes how_to_cite.html and scholar_meta.html read it. Nothing machine-readable
    comes out for a publication the public cannot see.
    """

    def __init__(self, request, publication):
        self.request = request
        self.publication = publication
        self.language = active_language()
        lookups = [authorships_prefetch(), publishers_prefetch()]
        if publication.parent_id:
            lookups += [
                authorships_prefetch("parent__authorships"),
                publishers_prefetch("parent__publisher_links"),
            ]
        prefetch_related_objects([publication], *lookups)

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    @property
    def is_public(self):
        return self.publication.is_published

    @cached_property
    def page_url(self):
        """The canonical address of the page in the active language."""
        return self.absolute(self.publication.get_absolute_url())

    @cached_property
    def pdf_url(self):
        file = common.pdf_file(self.publication)
        return self.absolute(file.get_absolute_url()) if file is not None else ""

    @cached_property
    def gost(self):
        return gost.reference(self.publication)

    @cached_property
    def apa(self):
        return apa.reference(self.publication)

    @cached_property
    def apa_html(self):
        return apa.reference_html(self.publication)

    @cached_property
    def exports(self):
        """[(label, url, format)] for the three download formats ([] for a draft)."""
        if not self.is_public:
            return []
        return [
            (
                label,
                reverse("exports:publication", kwargs={"slug": self.publication.slug, "fmt": fmt}),
                fmt,
            )
            for fmt, label in EXPORT_FORMATS
        ]

    @cached_property
    def highwire(self):
        return scholar.highwire(
            self.publication, page_url=self.page_url, pdf_url=self.pdf_url, language=self.language
        )

    @cached_property
    def dublin_core(self):
        return scholar.dublin_core(self.publication, page_url=self.page_url, language=self.language)

    @cached_property
    def open_graph(self):
        image = ""
        if self.publication.cover and self.is_public:
            image = self.absolute(self.publication.cover_large_url)
        return scholar.open_graph(
            self.publication, page_url=self.page_url, image_url=image, language=self.language
        )

    @cached_property
    def jsonld(self):
        data = jsonld.publication(
            self.publication,
            page_url=self.page_url,
            pdf_url=self.pdf_url,
            language=self.language,
            absolute=self.absolute,
        )
        return jsonld.script(data)
