"""Meta tags for machines: Google Scholar (Highwire Press), Dublin Core and Open Graph.

Each function returns (name, content) pairs in the order they go into the page; the page
language decides the title and the script of the names, as on the page itself.
"""

from core import text
from core.languages import active_language, translated
from publications.formats import common
from publications.models import Publication

DUBLIN_CORE_SCHEMA = "http://purl.org/dc/elements/1.1/"


def author_name(person, language):
    """ "Мозер, Сергей" on a Russian page, "Mozer, Sergei" on an English one."""
    return common.inverted_name(person, text.script_for(language))


def _title(publication, language):
    title = translated(publication, "title", language)
    subtitle = translated(publication, "subtitle", language)
    return f"{title}: {subtitle}" if subtitle else title


def highwire(publication, *, page_url, pdf_url="", language=None):
    """Google Scholar's citation_* tags; nothing at all for a publication that is not public."""
    if not publication.is_published:
        return []
    language = active_language(language)
    parent = common.container(publication)
    tags = [("citation_title", _title(publication, language))]
    tags += [("citation_author", author_name(p, language)) for p in common.authors(publication)]
    if publication.date:
        tags.append(("citation_publication_date", publication.date.strftime("%Y/%m/%d")))
    else:
        tags.append(("citation_publication_date", str(publication.year)))
    source = parent or publication
    tags += [("citation_publisher", name) for name in common.publisher_names(source, language)]
    if parent is not None:
        key = "citation_conference_title" if parent.type == Publication.Type.PROCEEDINGS else None
        tags.append(("citation_inbook_title", _title(parent, language)))
        if key:
            tags.append((key, _title(parent, language)))
    elif publication.source_title:
        tags.append(("citation_journal_title", publication.source_title))
        if publication.source_volume:
            tags.append(("citation_volume", publication.source_volume))
        if publication.source_issue:
            tags.append(("citation_issue", publication.source_issue))
    if publication.type == Publication.Type.REPORT:
        tags += [
            ("citation_technical_report_institution", name)
            for name in common.publisher_names(publication, language)
        ]
    first, last = common.page_range(publication)
    if first and common.is_part(publication):
        tags.append(("citation_firstpage", first))
        if last:
            tags.append(("citation_lastpage", last))
    isbn = publication.isbn or (parent.isbn if parent is not None else "")
    if isbn:
        tags.append(("citation_isbn", isbn))
    if publication.doi:
        tags.append(("citation_doi", publication.doi))
    tags.append(("citation_language", publication.language))
    keywords = common.keywords(publication, language)
    if keywords:
        tags.append(("citation_keywords", "; ".join(keywords)))
    tags.append(("citation_abstract_html_url", page_url))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def dublin_core(publication, *, page_url, language=None):
    """Dublin Core elements as DC.* meta tags (declare the schema with <link rel=schema.DC>)."""
    if not publication.is_published:
        return []
    language = active_language(language)
    parent = common.container(publication)
    tags = [("DC.title", _title(publication, language))]
    tags += [("DC.creator", author_name(p, language)) for p in common.authors(publication)]
    others = (
        common.editors(publication)
        + common.compilers(publication)
        + common.translators(publication)
    )
    tags += [("DC.contributor", author_name(p, language)) for p in others]
    date = publication.date.isoformat() if publication.date else str(publication.year)
    tags.append(("DC.date", date))
    tags += [("DC.publisher", n) for n in common.publisher_names(parent or publication, language)]
    tags.append(("DC.type", "Text"))
    tags.append(("DC.language", publication.language))
    tags.append(("DC.identifier", page_url))
    if publication.isbn:
        tags.append(("DC.identifier", f"urn:isbn:{publication.isbn}"))
    if publication.doi:
        tags.append(("DC.identifier", common.doi_url(publication.doi)))
    abstract = translated(publication, "abstract", language)
    if abstract:
        tags.append(("DC.description", " ".join(abstract.split())))
    subjects = [topic.name for topic in publication.topics.all()]
    subjects += common.keywords(publication, language)
    tags += [("DC.subject", subject) for subject in subjects]
    if parent is not None:
        tags.append(("DC.relation.ispartof", _title(parent, language)))
    elif publication.source_title:
        tags.append(("DC.relation.ispartof", publication.source_title))
    return tags


def open_graph(publication, *, page_url, image_url="", language=None):
    """Open Graph properties: og:* and the book:* or article:* ones."""
    if not publication.is_published:
        return []
    language = active_language(language)
    is_book = publication.type in common.BOOK_TYPES
    abstract = " ".join(translated(publication, "abstract", language).split())
    tags = [
        ("og:type", "book" if is_book else "article"),
        ("og:title", _title(publication, language)),
        ("og:url", page_url),
        ("og:locale", "en_GB" if language == "en" else "ru_RU"),
        ("og:locale:alternate", "ru_RU" if language == "en" else "en_GB"),
    ]
    if abstract:
        tags.append(("og:description", abstract[:297] + "…" if len(abstract) > 300 else abstract))
    if image_url:
        tags.append(("og:image", image_url))
    prefix = "book" if is_book else "article"
    tags += [(f"{prefix}:author", author_name(p, language)) for p in common.authors(publication)]
    if is_book and publication.isbn:
        tags.append(("book:isbn", publication.isbn))
    date = publication.date.isoformat() if publication.date else str(publication.year)
    tags.append(("book:release_date" if is_book else "article:published_time", date))
    tags += [(f"{prefix}:tag", word) for word in common.keywords(publication, language)]
    return tags
