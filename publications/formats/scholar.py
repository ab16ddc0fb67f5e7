"""Meta tags for machines: Google Scholar (Highwire Press), Dublin Core and Open Graph.

Each function returns (name, content) pairs in the order they go into the page; the page
language decides the title and the script of the names, as on the page itself.
"""

from core import text
from core.languages import active_language
from publications.formats import common
from publications.formats.genre import BOOKS, Genre, genre

DUBLIN_CORE_SCHEMA = "http://purl.org/dc/elements/1.1/"


def author_name(person, language):
    """ "Мозер, Сергей" on a Russian page, "Mozer, Sergei" on an English one."""
    return common.inverted_name(person, text.script_for(language))


def highwire(publication, *, page_url, pdf_url="", language=None):
    """Google Scholar's citation_* tags; nothing at all for a publication that is not public."""
    if not publication.is_published:
        return []
    language = active_language(language)
    work = common.Facts(publication, language)
    kind = genre(publication)
    tags = [("citation_title", work.full_title)]
    tags += [("citation_author", author_name(p, language)) for p in work.authors]
    if publication.date:
        tags.append(("citation_publication_date", publication.date.strftime("%Y/%m/%d")))
    else:
        tags.append(("citation_publication_date", str(publication.year)))
    tags += [("citation_publisher", name) for name in work.publishers]
    if work.parent is not None:
        # A chapter of an edited volume: the book's title and editors, so Scholar indexes it.
        tags.append(("citation_inbook_title", work.parent_full_title))
        if genre(work.parent) == Genre.PROCEEDINGS:
            tags.append(("citation_conference_title", work.parent_full_title))
        tags += [("citation_editor", author_name(p, language)) for p in work.source_editors]
    elif publication.source_title:
        tags.append(("citation_journal_title", publication.source_title))
        if publication.source_volume:
            tags.append(("citation_volume", publication.source_volume))
        if publication.source_issue:
            tags.append(("citation_issue", publication.source_issue))
    if kind == Genre.REPORT:
        tags += [
            ("citation_technical_report_institution", name)
            for name in common.publisher_names(publication, language)
        ]
    first, last = work.pages
    if first:
        tags.append(("citation_firstpage", first))
        if last:
            tags.append(("citation_lastpage", last))
    if work.isbn:
        tags.append(("citation_isbn", work.isbn))
    if publication.doi:
        tags.append(("citation_doi", publication.doi))
    tags.append(("citation_language", publication.language))
    if work.keywords:
        tags.append(("citation_keywords", "; ".join(work.keywords)))
    tags.append(("citation_abstract_html_url", page_url))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def dublin_core(publication, *, page_url, language=None):
    """Dublin Core elements as DC.* meta tags (declare the schema with <link rel=schema.DC>)."""
    if not publication.is_published:
        return []
    language = active_language(language)
    work = common.Facts(publication, language)
    tags = [("DC.title", work.full_title)]
    tags += [("DC.creator", author_name(p, language)) for p in work.authors]
    others = work.editors + work.compilers + work.translators
    tags += [("DC.contributor", author_name(p, language)) for p in others]
    date = publication.date.isoformat() if publication.date else str(publication.year)
    tags.append(("DC.date", date))
    tags += [("DC.publisher", name) for name in work.publishers]
    tags.append(("DC.type", "Text"))
    tags.append(("DC.language", publication.language))
    tags.append(("DC.identifier", page_url))
    if publication.isbn:
        tags.append(("DC.identifier", f"urn:isbn:{publication.isbn}"))
    if publication.doi:
        tags.append(("DC.identifier", common.doi_url(publication.doi)))
    if publication.edn:
        tags.append(("DC.identifier", publication.edn_url))
    if publication.license:
        tags.append(("DC.rights", publication.license))
    if work.abstract:
        tags.append(("DC.description", " ".join(work.abstract.split())))
    subjects = [topic.name for topic in publication.topics.all()]
    subjects += work.keywords
    tags += [("DC.subject", subject) for subject in subjects]
    if work.parent is not None:
        tags.append(("DC.relation.ispartof", work.parent_full_title))
    elif publication.source_title:
        tags.append(("DC.relation.ispartof", publication.source_title))
    return tags


def open_graph(publication, *, page_url, image_url="", language=None):
    """Open Graph properties: og:* and the book:* or article:* ones."""
    if not publication.is_published:
        return []
    language = active_language(language)
    work = common.Facts(publication, language)
    is_book = genre(publication) in BOOKS
    abstract = " ".join(work.abstract.split())
    tags = [
        ("og:type", "book" if is_book else "article"),
        ("og:title", work.full_title),
        ("og:url", page_url),
        ("og:locale", "en_GB" if language == "en" else "ru_RU"),
        ("og:locale:alternate", "ru_RU" if language == "en" else "en_GB"),
    ]
    if abstract:
        tags.append(("og:description", abstract[:297] + "…" if len(abstract) > 300 else abstract))
    if image_url:
        tags.append(("og:image", image_url))
    prefix = "book" if is_book else "article"
    tags += [(f"{prefix}:author", author_name(p, language)) for p in work.authors]
    if is_book and publication.isbn:
        tags.append(("book:isbn", publication.isbn))
    date = publication.date.isoformat() if publication.date else str(publication.year)
    tags.append(("book:release_date" if is_book else "article:published_time", date))
    tags += [(f"{prefix}:tag", word) for word in work.keywords]
    return tags
