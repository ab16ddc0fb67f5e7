"""Sitemaps: an index at /sitemap.xml and files of at most 50,000 URLs, streamed (gzipped
for clients that accept it) and kept by the page cache once written.

Every public page is listed in Russian and English, each <url> with its hreflang alternates
and lastmod. A file holds the rows of one section whose ids fall in a fixed range, so its
address and content stay put as the catalogue grows, and it is written row by row from a
database cursor: memory stays flat and no ``reverse()`` runs per row.
"""

import dataclasses
import datetime
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from core import pagecache
from events.models import Event
from people.models import Organization, Person
from publications.models import Publication, Topic

URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
INDEX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
CONTENT_TYPE = "application/xml; charset=utf-8"
PLACEHOLDER = "00slug00"
CHUNK_ROWS = 2000


@dataclasses.dataclass(frozen=True)
class Section:
    """Public rows of one model, listed by the page each has (``url_name`` with a slug)."""

    model: type
    url_name: str

    def rows(self):
        return self.model.objects.published().annotate(lastmod=self.lastmod())

    def lastmod(self):
        return F("updated")


class PublicationSection(Section):
    def lastmod(self):
        # A scheduled publication is new to the public when it goes public.
        return Greatest("updated", "published_at")


SECTIONS = {
    "publications": PublicationSection(Publication, "publications:detail"),
    "events": Section(Event, "events:detail"),
    "people": Section(Person, "people:person"),
    "organisations": Section(Organization, "people:organization"),
    "topics": Section(Topic, "publications:topic"),
}
# The home page, the section lists and the accessibility statement, in the "pages" file.
PAGES = [
    "home",
    "publications:list",
    "publications:topics",
    "events:list",
    "people:list",
    "people:organizations",
    "accessibility",
]


def rows_per_file():
    """Rows per file: each row gives one <url> per language, and a file holds at most
    ``SITEMAP_MAX_URLS`` of them (50,000 by the protocol)."""
    return max(1, settings.SITEMAP_MAX_URLS // len(settings.LANGUAGES))


def _addresses(request, url_name, **kwargs):
    """The page's absolute address in each language, and its x-default (no language)."""
    base = f"{request.scheme}://{request.get_host()}"
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found[code] = base + reverse(url_name, kwargs=kwargs)
    default = found[settings.LANGUAGE_CODE]
    found["x-default"] = default.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
    return found


def _url_entries(addresses, lastmod):
    """One <url> per language, each naming all the alternates."""
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(href)}/>'
        for code, href in addresses.items()
    )
    stamp = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod else ""
    return "".join(
        f"<url><loc>{escape(href)}</loc>{stamp}{links}</url>\n"
        for code, href in addresses.items()
        if code != "x-default"
    )


def _w3c(moment):
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


@require_safe
@gzip_page
def index(request):
    """The sitemap index: the pages file, then each section's files with their lastmod.

    Per section, its highest id (read from the primary key's end), then each file's newest
    lastmod over that file's id range: a statement reads at most one file's rows (25,000 at
    50,000 URLs a file), from the sitemap's covering index, however large the catalogue.
    """
    if request.GET:
        raise Http404("The sitemap index has no pages: its files are listed in it.")
    base = f"{request.scheme}://{request.get_host()}"
    entries = [(reverse("sitemap-section", kwargs={"section": "pages", "number": 1}), None)]
    size = rows_per_file()
    for name, section in SECTIONS.items():
        highest = section.model.objects.order_by("-pk").values_list("pk", flat=True).first()
        for number in range(highest // size + 1 if highest is not None else 0):
            newest = (
                section.rows()
                .filter(pk__gte=number * size, pk__lt=(number + 1) * size)
                .aggregate(newest=Max("lastmod"))["newest"]
            )
            if newest is not None:  # a file with no public row is not listed
                path = reverse("sitemap-section", kwargs={"section": name, "number": number + 1})
                entries.append((path, newest))
    body = [INDEX]
    for path, lastmod in entries:
        stamp = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod else ""
        body.append(f"<sitemap><loc>{escape(base + path)}</loc>{stamp}</sitemap>\n")
    body.append("</sitemapindex>\n")
    return HttpResponse("".join(body), content_type=CONTENT_TYPE)


@require_safe
@gzip_page
def section(request, section, number):
    """One sitemap file: the pages, or the public rows of a section with ids in one range."""
    if section == "pages":
        if number != 1:
            raise Http404("The pages fit in one file.")
        return HttpResponse(_pages(request), content_type=CONTENT_TYPE)
    if section not in SECTIONS or number < 1:
        raise Http404("No such sitemap.")
    size = rows_per_file()
    rows = (
        SECTIONS[section]
        .rows()
        .filter(pk__gte=(number - 1) * size, pk__lt=number * size)
        .order_by("pk")
        .values_list("slug", "lastmod")
    )
    if not rows.exists():
        raise Http404("No such sitemap.")
    response = StreamingHttpResponse(
        _stream(request, SECTIONS[section].url_name, rows), content_type=CONTENT_TYPE
    )
    # At most SITEMAP_MAX_URLS URLs: the page cache keeps it (gzipped for crawlers that ask).
    return pagecache.cache_streamed(response)


def _pages(request):
    return (
        URLSET
        + "".join(_url_entries(_addresses(request, name), None) for name in PAGES)
        + "</urlset>\n"
    )


def _stream(request, url_name, rows):
    """The <urlset>, written from the rows as they come, in chunks of ``CHUNK_ROWS`` rows."""
    templates = _addresses(request, url_name, slug=PLACEHOLDER)
    yield URLSET
    chunk = []
    for slug, lastmod in rows.iterator(chunk_size=CHUNK_ROWS):
        addresses = {code: href.replace(PLACEHOLDER, slug) for code, href in templates.items()}
        chunk.append(_url_entries(addresses, lastmod))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "</urlset>\n"
