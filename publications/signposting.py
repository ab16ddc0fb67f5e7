"""FAIR Signposting (signposting.org/FAIR), levels 1 and 2, for publication landing pages.

Level 1: the landing page of a public publication sends ``Link`` headers (and the page has
matching ``<link>`` elements): ``cite-as`` (exactly one: the DOI, else the page's permanent
address, in the default language), ``type`` (AboutPage and the specific type), ``author``
(ORCID of authors who have one), ``license`` (the licence's URI, when stated),
``describedby`` (the metadata exports: BibTeX, RIS, CSL-JSON and JSON-LD, each with its media
type; JSON-LD with the schema.org profile), ``item`` (each public
file, with its media type) and ``linkset``. Each public file
answers with ``rel="collection"`` pointing back at the page, each metadata export with
``rel="describes"``. Level 2: the linkset at ``…/linkset`` (RFC 9264,
``application/linkset+json``) holds every link, all authors included, when the header keeps
only the first few.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse, translate_url

from publications.formats import common
from publications.formats.jsonld import schema_type
from publications.models import Authorship, Publication

# The header lists at most this many authors; the linkset lists them all.
HEADER_AUTHORS = 10
LINKSET_TYPE = "application/linkset+json"
EXPORTS = (
    ("bib", "application/x-bibtex"),
    ("ris", "application/x-research-info-systems"),
    ("json", "application/vnd.citationstyles.csl+json"),
)


# The JSON-LD export: its media type says JSON-LD, its profile which vocabulary (the other
# exports' media types name their format alone).
JSONLD_TYPE = "application/ld+json"
JSONLD_PROFILE = "https://schema.org"


@dataclass(frozen=True)
class Link:
    href: str
    rel: str
    type: str = ""
    profile: str = ""

    def header(self):
        value = f'<{self.href}> ; rel="{self.rel}"'
        value += f' ; type="{self.type}"' if self.type else ""
        return value + (f' ; profile="{self.profile}"' if self.profile else "")

    def target(self):
        found = {"href": self.href, **({"type": self.type} if self.type else {})}
        return found | ({"profile": self.profile} if self.profile else {})


def permanent_url(request, publication):
    """The page's address in the default language: the one to cite."""
    path = translate_url(publication.get_absolute_url(), settings.LANGUAGE_CODE)
    return request.build_absolute_uri(path)


def specific_type(publication):
    if publication.type == Publication.Type.COLLECTION:
        return "Collection"
    return schema_type(publication)


def _authors(publication):
    authorships = list(publication.authorships.all())
    authors = [a for a in authorships if a.role == Authorship.Role.AUTHOR]
    # A collection without authors is signed by its editors.
    people = authors or [a for a in authorships if a.role == Authorship.Role.EDITOR]
    return [a.person for a in people if a.person.orcid]


def links(request, publication, *, authors_limit=None):
    """The landing page's typed links, in the order the header sends them."""
    absolute = request.build_absolute_uri
    doi = common.doi_url(publication.doi)
    found = [
        Link(doi or permanent_url(request, publication), "cite-as"),
        Link("https://schema.org/AboutPage", "type"),
        Link(f"https://schema.org/{specific_type(publication)}", "type"),
    ]
    people = _authors(publication)
    if authors_limit is not None:
        people = people[:authors_limit]
    found += [Link(f"https://orcid.org/{person.orcid}", "author") for person in people]
    if publication.license:
        found.append(Link(publication.license, "license"))
    found += [
        Link(
            absolute(reverse("exports:publication", kwargs={"slug": publication.slug, "fmt": fmt})),
            "describedby",
            media_type,
        )
        for fmt, media_type in EXPORTS
    ]
    found.append(
        Link(
            absolute(reverse("exports:publication-jsonld", kwargs={"slug": publication.slug})),
            "describedby",
            JSONLD_TYPE,
            JSONLD_PROFILE,
        )
    )
    found += [
        Link(
            absolute(file.get_absolute_url()), "item", file.mime_type or "application/octet-stream"
        )
        for file in common.public_files(publication)
    ]
    return found


def linkset_url(request, publication):
    return request.build_absolute_uri(
        reverse("publications:linkset", kwargs={"slug": publication.slug})
    )


def page_links(request, publication):
    """What the landing page's header and ``<link>`` elements carry: the typed links (the
    first authors only) and the linkset."""
    found = links(request, publication, authors_limit=HEADER_AUTHORS)
    found.append(Link(linkset_url(request, publication), "linkset", LINKSET_TYPE))
    return found


def header(found):
    """A ``Link`` header value."""
    return ", ".join(link.header() for link in found)


def linkset(request, publication):
    """The RFC 9264 linkset of a publication: its landing page's links, and those of each
    file and each export back to the page."""
    page = request.build_absolute_uri(publication.get_absolute_url())
    context = {"anchor": page}
    found = links(request, publication)
    for link in found:
        context.setdefault(link.rel, []).append(link.target())
    back = {"href": page, "type": "text/html"}
    others = [
        {"anchor": link.href, ("collection" if link.rel == "item" else "describes"): [back]}
        for link in found
        if link.rel in ("item", "describedby")
    ]
    return {"linkset": [context, *others]}


def linkset_response(request, publication):
    response = JsonResponse(linkset(request, publication), json_dumps_params={"indent": 1})
    response["Content-Type"] = LINKSET_TYPE
    return response


def add_back_link(response, request, slug, rel):
    """``rel="collection"`` on a file, ``rel="describes"`` on an export: the way back to the
    landing page of the publication with this slug."""
    page = request.build_absolute_uri(reverse("publications:detail", kwargs={"slug": slug}))
    response["Link"] = Link(page, rel, "text/html").header()
    return response


def describes(view):
    """An export view whose answers point back at the publication they describe."""

    @functools.wraps(view)
    def wrapper(request, slug, **kwargs):
        response = view(request, slug=slug, **kwargs)
        if response.status_code == 200:
            add_back_link(response, request, slug, "describes")
        return response

    return wrapper
