"""What every format needs from a publication: names by script, titles by language, roles."""

from core import text
from core.languages import translated
from publications.models import Authorship, Language, Publication

# Book-like types: the work is a whole volume, not a part of one.
BOOK_TYPES = {
    Publication.Type.MONOGRAPH,
    Publication.Type.COLLECTION,
    Publication.Type.TEXTBOOK,
    Publication.Type.PROCEEDINGS,
}


def script(publication):
    """Russian-language works are cited in Cyrillic, every other one in Latin letters."""
    return text.script_for(text_language(publication))


def text_language(publication):
    """Which translated column holds the work's own title: Russian or English."""
    return "ru" if publication.language == Language.RUSSIAN else "en"


def original_title(publication):
    """The title as printed on the work (its language), with the subtitle apart."""
    language = text_language(publication)
    return translated(publication, "title", language), translated(publication, "subtitle", language)


def english_title(publication):
    """The English title if one is known ("" otherwise)."""
    return translated(publication, "title", "en", fallback=False)


def inverted_name(person, script):
    """ "Мозер, Сергей Александрович": family name, comma, given name and patronymic."""
    parts = text.name_parts(person, script)
    return f"{parts.family}, {parts.forenames}" if parts.forenames else parts.family


def name_with_initials(person, script, *, initials_first=False):
    """ "Мозер, С. А." (a heading), or "С. А. Мозер" with ``initials_first``."""
    parts = text.name_parts(person, script)
    letters = text.initials(parts.given, parts.patronymic)
    if not letters:
        return parts.family
    return f"{letters} {parts.family}" if initials_first else f"{parts.family}, {letters}"


def contributors(publication, *roles):
    """The people in the given roles, in the printed order (uses the prefetched authorships)."""
    links = [link for link in publication.authorships.all() if link.role in roles]
    links.sort(key=lambda link: (link.order, link.pk))
    return [link.person for link in links]


def authors(publication):
    return contributors(publication, Authorship.Role.AUTHOR)


def editors(publication):
    return contributors(publication, Authorship.Role.EDITOR)


def compilers(publication):
    return contributors(publication, Authorship.Role.COMPILER)


def translators(publication):
    return contributors(publication, Authorship.Role.TRANSLATOR)


def publisher_names(publication, language):
    """Publishers in their printed order, named in the given language (or the other one)."""
    links = sorted(publication.publisher_links.all(), key=lambda link: (link.order, link.pk))
    return [translated(link.organization, "name", language) for link in links]


def container(publication):
    """The published collection an article is printed in, or None."""
    parent = publication.parent if publication.parent_id else None
    if parent is not None and parent.is_published:
        return parent
    return None


def page_range(publication):
    """(first, last) pages of a part as text, from the page fields or from "12-34"."""
    if publication.first_page:
        last = publication.last_page or ""
        return str(publication.first_page), str(last) if last else ""
    pages = (publication.source_pages or "").strip()
    if pages:
        for dash in ("–", "—", "-"):
            if dash in pages:
                first, _sep, last = pages.partition(dash)
                return first.strip(), last.strip()
        return pages, ""
    return "", ""


def is_part(publication):
    """An article printed inside a collection (its parent) or elsewhere (source title)."""
    return container(publication) is not None or (
        publication.type == Publication.Type.ARTICLE and bool(publication.source_title)
    )


def keywords(publication, language, *, fallback=True):
    """The keywords in ``language`` (or, with ``fallback``, the other one if there are none)."""
    words = translated(publication, "keywords", language, fallback=fallback)
    return [word.strip() for word in words.split(",") if word.strip()]


def public_files(publication):
    """The files the public may download now (prefetched as ``public_files`` when possible)."""
    if not publication.is_published:
        return []
    files = getattr(publication, "public_files", None)
    if files is None:
        files = [f for f in publication.files.all() if f.is_downloadable]
    return files


def pdf_file(publication):
    """The first public PDF of a published publication, or None."""
    for file in public_files(publication):
        if file.mime_type == "application/pdf":
            return file
    return None


def doi_url(doi):
    return f"https://doi.org/{doi}" if doi else ""
