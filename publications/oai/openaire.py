"""The OpenAIRE Guidelines for Literature Repositories v4 record (oai_openaire) of a publication.

https://openaire-guidelines-for-literature-repository-managers.readthedocs.io/en/v4.0.0/ : the
DataCite, Dublin Core and oaire elements of the application profile, in the forms the v4.0
schema (https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd) accepts. The access rights
of the record come from its files' access levels (COAR access rights vocabulary), its type
from the genre (COAR resource types). Names are given "Family, Given" in the script of the
work's language, titles, abstracts and keywords in every language the record has.
"""

import xml.etree.ElementTree as ET

from django.db.models import Prefetch
from django.utils import timezone, translation

from core.languages import translated, translations
from core.text import name_parts
from people.models import Affiliation
from publications.formats import common
from publications.formats.genre import Genre, genre
from publications.models import Publication, PublicationFile

OAIRE_NS = "http://namespace.openaire.eu/schema/oaire/"
DATACITE_NS = "http://datacite.org/schema/kernel-4"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = "https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd"

# The set OpenAIRE harvests ("OpenAIRE OAI Set" in the guidelines' use of OAI-PMH). Its
# content acquisition policy takes open and non-open records alike, so every record is in it.
SET_SPEC = "openaire"
SET_NAME = "OpenAIRE"

# COAR access rights (http://purl.org/coar/access_right/), with their labels.
OPEN = "http://purl.org/coar/access_right/c_abf2"
EMBARGOED = "http://purl.org/coar/access_right/c_f1cf"
RESTRICTED = "http://purl.org/coar/access_right/c_16ec"
METADATA_ONLY = "http://purl.org/coar/access_right/c_14cb"
ACCESS_LABELS = {
    OPEN: "open access",
    EMBARGOED: "embargoed access",
    RESTRICTED: "restricted access",
    METADATA_ONLY: "metadata only access",
}

# COAR resource types (http://purl.org/coar/resource_type/, v1.1), with their labels.
_COAR = "http://purl.org/coar/resource_type/"
RESOURCE_TYPES = {
    Genre.BOOK: ("c_2f33", "book"),
    Genre.EDITED_BOOK: ("c_2f33", "book"),
    Genre.COLLECTION: ("c_2f33", "book"),
    Genre.PROCEEDINGS: ("c_f744", "conference proceedings"),
    Genre.REPORT: ("c_93fc", "report"),
    Genre.CHAPTER: ("c_3248", "book part"),
    Genre.CONFERENCE_PAPER: ("c_5794", "conference paper"),
    Genre.ARTICLE: ("c_6501", "journal article"),
    Genre.OTHER: ("c_1843", "other"),
}
# An abstract is a conference object, wherever it is printed.
CONFERENCE_OBJECT = ("c_c94f", "conference object")

# ISO 639-3, which the guidelines recommend for dc:language; "und" is undetermined.
ISO_639_3 = {"ru": "rus", "en": "eng", "fr": "fra", "de": "deu", "zh": "zho"}

UDC_SCHEME = "http://udcdata.info/"
TOPIC_SCHEME = "Russian Customs Academy: SCIENCE topics"

# Identifiers of people, as datacite:nameIdentifier schemes: (attribute, scheme, scheme URI).
NAME_IDENTIFIERS = (
    ("orcid", "ORCID", "https://orcid.org"),
    ("spin", "SPIN", "https://elibrary.ru"),
    ("rsci_author_id", "RINC AuthorID", "https://elibrary.ru"),
)

METADATA_FORMAT = {"schema": SCHEMA, "namespace": OAIRE_NS}

# Where a conference paper or proceedings were presented is known to the events app, which
# sits above this one: it gives it through ``use_conferences`` (events.apps).
_conferences = None


def use_conferences(source):
    """Register ``source(publication_ids)``: {publication id: the conference (an event with
    translated ``city``, ``country`` and ``start_date``/``end_date``) it was presented at}."""
    global _conferences
    _conferences = source


def _presented(publication):
    """Whether the work is what a conference gathers: proceedings, a paper in them, an abstract."""
    return publication.type == Publication.Type.ABSTRACT or genre(publication) in (
        Genre.PROCEEDINGS,
        Genre.CONFERENCE_PAPER,
    )


def attach_conferences(publications):
    """Give each conference paper or proceedings its conference (``oai_conference``): the
    one it was presented at, else the one its proceedings were. One query for them all."""
    works = [p for p in publications if _presented(p)]
    if _conferences is None or not works:
        return
    ids = {p.pk for p in works} | {p.parent_id for p in works if p.parent_id}
    found = _conferences(sorted(ids))
    for publication in works:
        publication.oai_conference = found.get(publication.pk) or found.get(publication.parent_id)


def for_records(queryset):
    """The extra rows a record reads beyond the citation formats': every file of each
    publication (their access levels make the record's access rights) and the authors'
    affiliations. Two queries more, whatever the number of records."""
    return queryset.prefetch_related(
        Prefetch(
            "files",
            queryset=PublicationFile.objects.order_by("order", "pk"),
            to_attr="all_files",
        ),
        Prefetch(
            "authorships__person__affiliations",
            queryset=Affiliation.objects.select_related("organization").order_by(
                "order", "-start_date", "pk"
            ),
        ),
    )


# --- access rights ---------------------------------------------------------------------


def file_access(file, today=None):
    """The COAR access right of one file: open, embargoed (until a date still to come) or
    restricted (staff only)."""
    today = today or timezone.localdate()
    start = file.downloadable_from()
    if start is None:
        return RESTRICTED
    return OPEN if start <= today else EMBARGOED


def files_of(publication):
    """Every file of the publication, in order (prefetched as ``all_files`` when possible)."""
    files = getattr(publication, "all_files", None)
    if files is None:
        files = list(publication.files.order_by("order", "pk"))
    return files


def access_rights(publication, today=None):
    """(COAR access right of the record, the date an embargo ends or None).

    Open when any file may be downloaded now; else embargoed when one will be (the earliest
    end of an embargo is given); else restricted when there are files only staff may read;
    metadata only when there is no file at all.
    """
    today = today or timezone.localdate()
    rights = [(file_access(file, today), file) for file in files_of(publication)]
    if any(right == OPEN for right, _file in rights):
        return OPEN, None
    ends = [file.embargo_until for right, file in rights if right == EMBARGOED]
    if ends:
        return EMBARGOED, min(ends)
    if rights:
        return RESTRICTED, None
    return METADATA_ONLY, None


# --- the record ------------------------------------------------------------------------


def _el(parent, namespace, tag, text=None, lang=None, **attributes):
    element = ET.SubElement(
        parent, f"{{{namespace}}}{tag}", {k: v for k, v in attributes.items() if v}
    )
    if text is not None:
        element.text = text
    if lang:
        element.set(XML_LANG, lang)
    return element


def _datacite(parent, tag, text=None, lang=None, **attributes):
    return _el(parent, DATACITE_NS, tag, text, lang, **attributes)


def _dc(parent, tag, text=None, lang=None):
    return _el(parent, DC_NS, tag, text, lang)


def _oaire(parent, tag, text=None, **attributes):
    return _el(parent, OAIRE_NS, tag, text, **attributes)


def _issued(publication):
    return publication.date.isoformat() if publication.date else str(publication.year)


def _titles(root, publication):
    own = common.text_language(publication)
    titles = sorted(translations(publication, "title"), key=lambda pair: pair[1] != own)
    subtitles = {lang: text for text, lang in translations(publication, "subtitle")}
    element = _datacite(root, "titles")
    for title, lang in titles:
        kind = None if lang == own else "TranslatedTitle"
        _datacite(element, "title", title, lang, titleType=kind)
        if subtitles.get(lang):
            _datacite(element, "title", subtitles[lang], lang, titleType="Subtitle")


def _affiliations(person, publication, language):
    """The organisations the person belonged to in the year of the work, in their order."""
    year = publication.year
    names = []
    for link in person.affiliations.all():
        if link.start_date and link.start_date.year > year:
            continue
        if link.end_date and link.end_date.year < year:
            continue
        name = translated(link.organization, "name", language)
        if name and name not in names:
            names.append(name)
    return names


def _person(parent, tag, person, publication, work, **attributes):
    """A datacite:creator or datacite:contributor: name, its parts, identifiers, affiliation."""
    element = _datacite(parent, tag, **attributes)
    parts = name_parts(person, work.script)
    _datacite(element, f"{tag}Name", common.inverted_name(person, work.script), nameType="Personal")
    if parts.forenames:
        _datacite(element, "givenName", parts.forenames)
    if parts.family:
        _datacite(element, "familyName", parts.family)
    for field, scheme, uri in NAME_IDENTIFIERS:
        value = getattr(person, field, "")
        if value:
            _datacite(element, "nameIdentifier", value, nameIdentifierScheme=scheme, schemeURI=uri)
    for name in _affiliations(person, publication, work.language):
        _datacite(element, "affiliation", name)
    return element


def _people(root, publication, work):
    creators = work.authors or work.editors or work.compilers
    if creators:
        element = _datacite(root, "creators")
        for person in creators:
            _person(element, "creator", person, publication, work)
    elif work.publishers:
        # A work nobody is credited for is created by its publishing organisation.
        element = _datacite(root, "creators")
        creator = _datacite(element, "creator")
        _datacite(creator, "creatorName", work.publishers[0], nameType="Organizational")
    others = []
    if work.authors:
        others += [(person, "Editor") for person in work.editors + work.compilers]
    others += [(person, "Other") for person in work.translators]
    if others:
        element = _datacite(root, "contributors")
        for person, kind in others:
            _person(element, "contributor", person, publication, work, contributorType=kind)


def _identifiers(root, publication, work, page):
    if publication.doi:
        _datacite(root, "identifier", publication.doi, identifierType="DOI")
    else:
        _datacite(root, "identifier", page, identifierType="URL")
    alternates = []
    if publication.doi:
        alternates.append((page, "URL"))
    if publication.edn:
        alternates.append((publication.edn, "EDN"))
    if publication.isbn:
        alternates.append((publication.isbn, "ISBN"))
    if alternates:
        element = _datacite(root, "alternateIdentifiers")
        for value, kind in alternates:
            _datacite(element, "alternateIdentifier", value, alternateIdentifierType=kind)


def _related(root, work, absolute):
    parent = work.parent
    if parent is None:
        return
    element = _datacite(root, "relatedIdentifiers")
    with translation.override("ru"):
        url = absolute(parent.get_absolute_url())
    related = [(url, "URL")] + ([(parent.isbn, "ISBN")] if parent.isbn else [])
    for value, kind in related:
        _datacite(
            element,
            "relatedIdentifier",
            value,
            relatedIdentifierType=kind,
            relationType="IsPartOf",
        )


def _subjects(root, publication, absolute):
    subjects = []
    for lang in ("ru", "en"):
        words = common.keywords(publication, lang, fallback=False)
        subjects += [(word, lang, {}) for word in words]
    for topic in publication.topics.all():
        with translation.override("ru"):
            url = absolute(topic.get_absolute_url())
        for name, lang in translations(topic, "name"):
            subjects.append((name, lang, {"subjectScheme": TOPIC_SCHEME, "valueURI": url}))
    if publication.udc:
        subjects.append((publication.udc, None, {"subjectScheme": "UDC", "schemeURI": UDC_SCHEME}))
    if publication.bbk:
        subjects.append((publication.bbk, None, {"subjectScheme": "BBK"}))
    if subjects:
        element = _datacite(root, "subjects")
        for text, lang, attributes in subjects:
            _datacite(element, "subject", text, lang, **attributes)


def _citation(root, publication, work):
    if work.parent is not None:
        _oaire(root, "citationTitle", work.parent_full_title)
    elif publication.source_title:
        _oaire(root, "citationTitle", publication.source_title)
        if publication.source_volume:
            _oaire(root, "citationVolume", publication.source_volume)
        if publication.source_issue:
            _oaire(root, "citationIssue", publication.source_issue)
    if work.edition:
        _oaire(root, "citationEdition", work.edition)
    first, last = work.pages
    if first:
        _oaire(root, "citationStartPage", first)
    if last:
        _oaire(root, "citationEndPage", last)
    event = getattr(publication, "oai_conference", None)
    if event is not None:
        with translation.override(work.language):
            place = [translated(event, "city", work.language), str(event.country_name or "")]
        if any(place):
            _oaire(root, "citationConferencePlace", ", ".join(part for part in place if part))
        if event.start_date:
            end = event.end_date if event.end_date and event.end_date != event.start_date else None
            dates = [event.start_date.isoformat()] + ([end.isoformat()] if end else [])
            # A range in RKMS-ISO8601, as the guidelines ask: start/end.
            _oaire(root, "citationConferenceDate", "/".join(dates))


def resource_type(publication):
    """(COAR URI, label) of the publication's type."""
    if publication.type == Publication.Type.ABSTRACT:
        code, label = CONFERENCE_OBJECT
    else:
        code, label = RESOURCE_TYPES[genre(publication)]
    return _COAR + code, label


def oai_openaire(publication, *, absolute, today=None):
    """The <oaire:resource> element of a published publication."""
    today = today or timezone.localdate()
    root = ET.Element(
        f"{{{OAIRE_NS}}}resource", {f"{{{XSI_NS}}}schemaLocation": f"{OAIRE_NS} {SCHEMA}"}
    )
    work = common.Facts(publication)
    with translation.override("ru"):
        page = absolute(publication.get_absolute_url())
    files = files_of(publication)
    rights, embargo_end = access_rights(publication, today)

    _titles(root, publication)
    _people(root, publication, work)
    _identifiers(root, publication, work, page)
    _related(root, work, absolute)

    dates = _datacite(root, "dates")
    _datacite(dates, "date", _issued(publication), dateType="Issued")
    if embargo_end is not None:
        _datacite(dates, "date", _issued(publication), dateType="Accepted")
        _datacite(dates, "date", embargo_end.isoformat(), dateType="Available")

    _dc(root, "language", ISO_639_3.get(publication.language, "und"))
    for name in work.publishers:
        _dc(root, "publisher", name)
    code, label = resource_type(publication)
    _oaire(root, "resourceType", label, resourceTypeGeneral="literature", uri=code)
    for abstract, lang in translations(publication, "abstract"):
        _dc(root, "description", abstract, lang)
    for mime in dict.fromkeys(file.mime_type for file in files if file.mime_type):
        _dc(root, "format", mime)
    _datacite(root, "rights", ACCESS_LABELS[rights], rightsURI=rights)
    _subjects(root, publication, absolute)
    if publication.pages and not work.is_part:
        _datacite(_datacite(root, "sizes"), "size", f"{publication.pages} pages")

    licence = publication.licence
    if licence is not None:
        _oaire(root, "licenseCondition", licence.labels()["en"], uri=licence.uri)
    for file in files:
        _oaire(
            root,
            "file",
            absolute(file.get_absolute_url()),
            mimeType=file.mime_type,
            accessRightsURI=file_access(file, today),
            objectType="fulltext",
        )
    _citation(root, publication, work)
    return root
