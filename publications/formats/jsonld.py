"""schema.org JSON-LD: Book, Chapter or ScholarlyArticle for publications, Event for events.

``absolute`` turns a site path into an absolute URL (``request.build_absolute_uri``); links go
only to pages the public can see.
"""

import json

from django.utils.safestring import mark_safe

from core import text
from core.languages import active_language, other_language, translated
from people import names
from publications.formats import common
from publications.formats.genre import BOOKS, PARTS, Genre, genre

CONTEXT = "https://schema.org"
# Characters that could end a <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _identity(path):
    return path


def _one_or_many(values):
    """A single value as itself, several as a list (schema.org takes either)."""
    return values[0] if len(values) == 1 else values


def schema_type(publication):
    kind = genre(publication)
    if kind in BOOKS:
        return "Book"
    if kind == Genre.REPORT:
        return "Report"
    if kind in PARTS:
        return "Chapter"
    return "ScholarlyArticle"


def person(person, *, language, absolute=_identity):
    """A schema.org Person, named as the page in ``language`` names them."""
    parts = text.name_parts(person, text.script_for(language))
    data = {
        "@type": "Person",
        "name": names.full_name(person, language),
        "familyName": parts.family,
    }
    if parts.given:
        data["givenName"] = parts.given
    if parts.patronymic:
        data["additionalName"] = parts.patronymic
    if person.is_published:
        data["url"] = absolute(person.get_absolute_url())
    profiles = person.identifier_urls
    if profiles:
        data["sameAs"] = _one_or_many(profiles)
    return data


def organization(organization, *, language, absolute=_identity):
    data = {"@type": "Organization", "name": translated(organization, "name", language)}
    if organization.is_published:
        data["url"] = absolute(organization.get_absolute_url())
    if organization.ror:
        data["sameAs"] = organization.ror_url
    return data


def publication(publication, *, page_url, pdf_url="", language=None, absolute=_identity):
    """The JSON-LD dict of a published publication ({} for one the public cannot see)."""
    if not publication.is_published:
        return {}
    language = active_language(language)
    work = common.Facts(publication, language)
    data = {
        "@context": CONTEXT,
        "@type": schema_type(publication),
        "@id": page_url,
        "url": page_url,
        "name": work.title,
    }
    alternate = translated(publication, "title", other_language(language), fallback=False)
    if alternate and alternate != data["name"]:
        data["alternateName"] = alternate
    if work.subtitle:
        data["alternativeHeadline"] = work.subtitle
    for key, people in (
        ("author", work.authors),
        ("editor", work.editors),
        ("translator", work.translators),
    ):
        if people:
            data[key] = [person(p, language=language, absolute=absolute) for p in people]
    links = sorted(publication.publisher_links.all(), key=lambda link: (link.order, link.pk))
    if links:
        data["publisher"] = [
            organization(link.organization, language=language, absolute=absolute) for link in links
        ]
    data["datePublished"] = (
        publication.date.isoformat() if publication.date else str(publication.year)
    )
    data["inLanguage"] = publication.language
    if work.abstract:
        data["abstract"] = work.abstract
    if work.keywords:
        data["keywords"] = ", ".join(work.keywords)
    topics = list(publication.topics.all())
    if topics:
        data["about"] = [
            {"@type": "Thing", "name": topic.name, "url": absolute(topic.get_absolute_url())}
            for topic in topics
        ]
    if publication.isbn:
        data["isbn"] = publication.isbn
    identifiers = []
    if publication.doi:
        doi = {"@type": "PropertyValue", "propertyID": "DOI", "value": publication.doi}
        identifiers.append(doi)
        data["sameAs"] = common.doi_url(publication.doi)
    if publication.edn:
        identifiers.append(
            {
                "@type": "PropertyValue",
                "propertyID": "EDN",
                "value": publication.edn,
                "url": publication.edn_url,
            }
        )
    if identifiers:
        data["identifier"] = _one_or_many(identifiers)
    if publication.license:
        data["license"] = publication.license
    if publication.pages and genre(publication) in BOOKS:
        data["numberOfPages"] = publication.pages
    first, last = work.pages
    if first:
        data["pageStart"] = first
        if last:
            data["pageEnd"] = last
    if work.parent is not None:
        data["isPartOf"] = {
            "@type": "Book",
            "name": work.parent_title,
            "url": absolute(work.parent.get_absolute_url()),
        }
        if work.parent.isbn:
            data["isPartOf"]["isbn"] = work.parent.isbn
    elif publication.source_title:
        data["isPartOf"] = {"@type": "Periodical", "name": publication.source_title}
    if publication.edition and work.parent is None and not publication.source_title:
        data["bookEdition"] = publication.edition  # a volume's own edition
    series = translated(publication, "series", language)
    if series and "isPartOf" not in data:
        data["isPartOf"] = {"@type": "BookSeries", "name": series}
    if pdf_url:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": pdf_url,
            "encodingFormat": "application/pdf",
        }
    return data


ATTENDANCE = {
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def event(event, *, page_url, language=None, absolute=_identity):
    """The JSON-LD dict of a published event ({} for a draft)."""
    if not event.is_published:
        return {}
    language = active_language(language)
    is_series = event.type == "series"
    data = {
        "@context": CONTEXT,
        "@type": "EventSeries" if is_series else "Event",
        "@id": page_url,
        "url": page_url,
        "name": translated(event, "title", language),
    }
    description = translated(event, "description", language)
    if description:
        data["description"] = description
    if event.start_date:
        data["startDate"] = event.start_date.isoformat()
    if event.end_date:
        data["endDate"] = event.end_date.isoformat()
    if not is_series:
        data["eventStatus"] = "https://schema.org/EventScheduled"
        if event.format in ATTENDANCE:
            data["eventAttendanceMode"] = ATTENDANCE[event.format]
    venue = translated(event, "venue", language)
    city = translated(event, "city", language)
    if venue or city or event.country:
        address = {"@type": "PostalAddress"}
        if city:
            address["addressLocality"] = city
        if event.country:
            address["addressCountry"] = event.country
        place = {"@type": "Place", "address": address}
        place["name"] = venue or city or event.country
        data["location"] = place
    elif event.format == "online":
        data["location"] = {"@type": "VirtualLocation", "url": page_url}
    organizers = [o for o in event.organizers.all() if o.is_published]
    if organizers:
        data["organizer"] = [
            organization(o, language=language, absolute=absolute) for o in organizers
        ]
    parent = event.parent if event.parent_id else None
    if parent is not None and parent.is_published:
        data["superEvent"] = {
            "@type": "EventSeries" if parent.type == "series" else "Event",
            "name": translated(parent, "title", language),
            "url": absolute(parent.get_absolute_url()),
        }
    return data


def script(data):
    """A <script type="application/ld+json"> element, safe to put in a page ("" if no data)."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">\n{text}\n</script>')


def event_script(request, event_obj):
    """The <script> element of an event page: ``context["event_jsonld"]`` in the event view."""
    data = event(
        event_obj,
        page_url=request.build_absolute_uri(event_obj.get_absolute_url()),
        absolute=request.build_absolute_uri,
    )
    return script(data)
