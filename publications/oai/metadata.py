"""The records: what the public may harvest, its sets, and its Dublin Core (oai_dc); the
OpenAIRE format (oai_openaire) is in publications.oai.openaire."""

import re
import xml.etree.ElementTree as ET

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Greatest
from django.utils import translation

from core.languages import translations
from core.publishing import Visibility
from publications.formats import common
from publications.formats.genre import Genre, genre
from publications.formats.queries import for_citation
from publications.models import Publication, Topic
from publications.oai import openaire

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

METADATA_FORMATS = {
    "oai_dc": {
        "schema": "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "namespace": OAI_DC_NS,
    },
    "oai_openaire": openaire.METADATA_FORMAT,
}

SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")

# The OpenAIRE / DRIVER vocabulary of publication types, understood by most aggregators.
SEMANTICS = {
    Genre.BOOK: "info:eu-repo/semantics/book",
    Genre.EDITED_BOOK: "info:eu-repo/semantics/book",
    Genre.COLLECTION: "info:eu-repo/semantics/book",
    Genre.PROCEEDINGS: "info:eu-repo/semantics/conferenceProceedings",
    Genre.REPORT: "info:eu-repo/semantics/report",
    Genre.CHAPTER: "info:eu-repo/semantics/bookPart",
    Genre.CONFERENCE_PAPER: "info:eu-repo/semantics/bookPart",
    Genre.ARTICLE: "info:eu-repo/semantics/article",
    Genre.OTHER: "info:eu-repo/semantics/article",
}
# The vocabulary also names what a conference abstract is, wherever it is printed.
CONFERENCE_OBJECT = "info:eu-repo/semantics/conferenceObject"


def harvestable():
    """Published publications, and withdrawn ones (reported as deleted: the repository keeps
    its deletions), with their datestamp: the later of the last change (a withdrawal is one)
    and the moment they became public (a scheduled publication appears when it goes public)."""
    return Publication.objects.filter(
        Publication.public_q() | Q(status=Visibility.WITHDRAWN)
    ).annotate(oai_datestamp=Greatest("updated", "published_at"))


def topics_prefetch():
    return Prefetch("topics", queryset=Topic.objects.published().order_by("slug", "pk"))


def for_headers(queryset):
    return queryset.prefetch_related(topics_prefetch())


def for_records(queryset, prefix="oai_dc"):
    """The records ready for a format: seven queries for oai_dc, nine for oai_openaire."""
    queryset = for_citation(queryset)
    if prefix == "oai_openaire":
        queryset = openaire.for_records(queryset)
    return queryset


def prepare(publications, prefix):
    """What a format reads of a whole page of records at once (the conferences, for OpenAIRE)."""
    if prefix == "oai_openaire":
        openaire.attach_conferences(publications)


def metadata(publication, prefix, *, absolute):
    """The metadata element of a record in the format ``prefix``."""
    if prefix == "oai_openaire":
        return openaire.oai_openaire(publication, absolute=absolute)
    return oai_dc(publication, absolute=absolute)


def all_sets():
    """(setSpec, setName) of every set, the top-level ones before their members."""
    with translation.override("en"):
        sets = [(openaire.SET_SPEC, openaire.SET_NAME), ("type", "Publication types")]
        sets += [(f"type:{value}", str(label)) for value, label in Publication.Type.choices]
        sets.append(("topic", "Topics"))
        sets += [
            (f"topic:{topic.slug}", topic.name)
            for topic in Topic.objects.published().order_by("slug")
        ]
    return sets


def set_filter(queryset, spec):
    """The records of a set; None if the set does not exist."""
    if spec == openaire.SET_SPEC:
        return queryset
    head, _sep, rest = spec.partition(":")
    if head == "type" and not rest:
        return queryset
    if head == "type" and rest in Publication.Type.values:
        return queryset.filter(type=rest)
    published_topics = Topic.objects.published()
    if head == "topic" and not rest:
        links = Publication.topics.through.objects.filter(
            publication=OuterRef("pk"), topic__in=published_topics
        )
        return queryset.filter(Exists(links))
    if head == "topic" and rest and ":" not in rest:
        links = Publication.topics.through.objects.filter(
            publication=OuterRef("pk"), topic__in=published_topics.filter(slug=rest)
        )
        return queryset.filter(Exists(links))
    return None


def set_specs(publication):
    specs = [openaire.SET_SPEC, f"type:{publication.type}"]
    specs += [f"topic:{topic.slug}" for topic in publication.topics.all()]
    return specs


def _sub(parent, tag, text, lang=None):
    element = ET.SubElement(parent, f"{{{DC_NS}}}{tag}")
    element.text = text
    if lang:
        element.set(XML_LANG, lang)
    return element


def page_url(publication, absolute):
    with translation.override("ru"):
        return absolute(publication.get_absolute_url())


def oai_dc(publication, *, absolute):
    """The <oai_dc:dc> element of a publication."""
    root = ET.Element(
        f"{{{OAI_DC_NS}}}dc",
        {f"{{{XSI_NS}}}schemaLocation": f"{OAI_DC_NS} {METADATA_FORMATS['oai_dc']['schema']}"},
    )
    work = common.Facts(publication)
    parent = work.parent
    subtitles = {lang: text for text, lang in translations(publication, "subtitle")}
    for title, lang in translations(publication, "title"):
        _sub(root, "title", common.joined_title(title, subtitles.get(lang)), lang)
    for person in work.authors:
        _sub(root, "creator", common.inverted_name(person, work.script))
    for person in work.editors + work.compilers + work.translators:
        _sub(root, "contributor", common.inverted_name(person, work.script))
    for topic in publication.topics.all():
        for name, lang in translations(topic, "name"):
            _sub(root, "subject", name, lang)
    for lang in ("ru", "en"):
        for word in common.keywords(publication, lang, fallback=False):
            _sub(root, "subject", word, lang)
    for abstract, lang in translations(publication, "abstract"):
        _sub(root, "description", abstract, lang)
    # Publishers of the host volume, named in the work's own language.
    for name in common.publisher_names(work.source, work.language):
        _sub(root, "publisher", name)
    _sub(root, "date", publication.date.isoformat() if publication.date else str(publication.year))
    _sub(root, "type", "Text")
    if publication.type == Publication.Type.ABSTRACT:
        _sub(root, "type", CONFERENCE_OBJECT)
    else:
        _sub(root, "type", SEMANTICS[genre(publication)])
    for mime in dict.fromkeys(f.mime_type for f in common.public_files(publication) if f.mime_type):
        _sub(root, "format", mime)
    _sub(root, "identifier", page_url(publication, absolute))
    if publication.doi:
        _sub(root, "identifier", common.doi_url(publication.doi))
    if publication.edn:
        _sub(root, "identifier", publication.edn_url)
    if publication.isbn:
        _sub(root, "identifier", f"urn:isbn:{publication.isbn}")
    _sub(root, "language", publication.language)
    if parent is not None:
        _sub(root, "relation", page_url(parent, absolute))
    elif publication.source_title:
        first, last = common.page_range(publication)
        source = ", ".join(
            part
            for part in (
                publication.source_title,
                publication.source_volume,
                publication.source_issue,
                f"{first}–{last}" if last else first,
            )
            if part
        )
        _sub(root, "source", source)
    if publication.license:
        _sub(root, "rights", publication.license)
    return root
