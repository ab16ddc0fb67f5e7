"""Records Google Scholar would not index, for the editors to mend before (or after) publishing.

Scholar's inclusion guidelines (https://scholar.google.com/intl/en/scholar/inclusion.html) want
an author and a publication date in the citation tags, the work's title on the first page of
its full text, and PDFs of at most 5 MB (a larger book should come as separately indexed
chapters). Each rule is a problem code; ``with_problem`` finds the records that have one, in a
fixed number of queries.

The text of files is extracted by the search app, which sits above this one: it gives its
texts through ``use_texts`` (science_portal.apps). Text extraction keeps no page breaks, so the
first page is taken as the first ``FIRST_PAGE_CHARS`` characters; where no text is known the
title rule says nothing.
"""

import re

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from publications.models import Authorship, Publication, PublicationFile

BIG_PDF_BYTES = 5 * 1024 * 1024
FIRST_PAGE_CHARS = 2000
PDF = "application/pdf"

NO_AUTHOR = "no-author"
NO_DATE = "no-date"
TITLE_NOT_IN_PDF = "title-not-in-pdf"
BIG_PDF = "big-pdf"
PROBLEMS = {
    NO_AUTHOR: _("No author"),
    NO_DATE: _("No date"),
    TITLE_NOT_IN_PDF: _("Title missing from the PDF's first page"),
    BIG_PDF: _("PDF over 5 MB without chapters"),
}

_texts = None


def use_texts(source):
    """Register ``source(file_ids, length)``: {file id: the first ``length`` characters of
    its extracted text}, for the files whose text is known."""
    global _texts
    _texts = source


def first_page_texts(file_ids):
    if _texts is None or not file_ids:
        return {}
    return _texts(list(file_ids), FIRST_PAGE_CHARS)


def _words(text):
    """Lower-case words only: line breaks, punctuation and ё/е do not hide a title."""
    return " ".join(re.findall(r"\w+", (text or "").lower().replace("ё", "е")))


def title_in_text(publication, text):
    """Whether the title, in either language, is printed in ``text``."""
    page = _words(text)
    titles = {_words(getattr(publication, f"title_{code}", "")) for code in ("ru", "en")}
    return any(title and title in page for title in titles)


def _scholar_pdfs():
    """The PDFs Scholar can fetch: public ones, or those whose embargo is over."""
    return PublicationFile.objects.downloadable().filter(mime_type=PDF)


def _condition(code):
    """The SQL condition of a problem, for the rules that have one."""
    if code == NO_AUTHOR:
        authors = Authorship.objects.filter(publication=OuterRef("pk"), role=Authorship.Role.AUTHOR)
        return ~Exists(authors)
    if code == NO_DATE:
        return Q(year__isnull=True, date__isnull=True)
    if code == BIG_PDF:
        big = _scholar_pdfs().filter(publication=OuterRef("pk"), size__gt=BIG_PDF_BYTES)
        chapters = Publication.objects.filter(parent=OuterRef("pk"))
        return Exists(big) & ~Exists(chapters)
    return None


def _title_missing_ids(queryset, batch=500):
    """The publications of ``queryset`` whose PDF text is known and lacks the title (the first
    public PDF of each, the one the citation tags point to). The texts are read ``batch``
    files at a time, so a catalogue of any size is checked in bounded memory: an admin filter,
    not a public page, so its queries may grow with the catalogue (about two a batch)."""
    pdfs = (
        _scholar_pdfs()
        .filter(publication__in=queryset.order_by().values("pk"))
        .order_by("publication_id", "order", "pk")
        .values_list("pk", "publication_id")
    )
    first = {}
    for file_id, publication_id in pdfs.iterator(chunk_size=2000):
        first.setdefault(publication_id, file_id)
    missing = set()
    pairs = list(first.items())
    for start in range(0, len(pairs), batch):
        chunk = dict(pairs[start : start + batch])
        texts = first_page_texts(chunk.values())
        known = [publication_id for publication_id, file_id in chunk.items() if file_id in texts]
        if not known:
            continue
        rows = Publication.objects.filter(pk__in=known).only("pk", "title_ru", "title_en")
        missing |= {row.pk for row in rows if not title_in_text(row, texts[chunk[row.pk]])}
    return missing


def with_problem(queryset, code):
    """The records of ``queryset`` with the problem ``code`` (any problem for "any")."""
    if code == TITLE_NOT_IN_PDF:
        return queryset.filter(pk__in=_title_missing_ids(queryset))
    if code in PROBLEMS:
        return queryset.filter(_condition(code))
    if code == "any":
        condition = _condition(NO_AUTHOR) | _condition(NO_DATE) | _condition(BIG_PDF)
        return queryset.filter(condition | Q(pk__in=_title_missing_ids(queryset)))
    return queryset


def problems(publication):
    """The problem codes of one publication, in the order of ``PROBLEMS``."""
    found = []
    for code in PROBLEMS:
        if with_problem(Publication.objects.filter(pk=publication.pk), code).exists():
            found.append(code)
    return found
