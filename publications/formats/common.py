"""What every format reads of a publication: its people by role, titles, host volume, pages.

``Facts(publication)`` works these out once for a format; the helpers below it are what it
is made of, for formats that need one piece alone.
"""

from functools import cached_property

from core import text
from core.languages import translated
from publications.models import Authorship, Language, Publication


def text_language(publication):
    """Which translated column holds the work's own title: Russian or English."""
    return "ru" if publication.language == Language.RUSSIAN else "en"


def script(publication):
    """Russian-language works are cited in Cyrillic, every other one in Latin letters."""
    return text.script_for(text_language(publication))


def original_title(publication):
    """The title as printed on the work (its language), with the subtitle apart."""
    language = text_language(publication)
    return translated(publication, "title", language), translated(publication, "subtitle", language)


def english_title(publication):
    """The English title if one is known ("" otherwise)."""
    return translated(publication, "title", "en", fallback=False)


def joined_title(title, subtitle):
    """ "Title: Subtitle", or the title alone."""
    return f"{title}: {subtitle}" if subtitle else title


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


# What is printed as a part of something else, never as a volume of its own.
PART_TYPES = {Publication.Type.ARTICLE, Publication.Type.ABSTRACT}


def is_part(publication):
    """Printed inside a published volume (its parent), or an article or abstract printed in the
    periodical it names (its source title): the works whose pages are those of a host."""
    return container(publication) is not None or (
        publication.type in PART_TYPES and bool(publication.source_title)
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


class Facts:
    """What the formats read of one publication, each worked out once, when first asked.

    By default the work is given in its own language (``language`` and ``script``: BibTeX, RIS,
    CSL-JSON, GOST) and what belongs to the volume that carries it (publishers, place, series,
    the volume's editors and title) in that volume's language. With ``language``, everything
    is given in that one language, as a page in that language shows it (Scholar, JSON-LD).
    """

    def __init__(self, publication, language=None):
        self.publication = publication
        self._language = language

    @cached_property
    def language(self):
        return self._language or text_language(self.publication)

    @cached_property
    def script(self):
        return text.script_for(self.language)

    @cached_property
    def parent(self):
        """The published volume the work is printed in, or None."""
        return container(self.publication)

    @cached_property
    def source(self):
        """The volume whose publishers, place and series are given: the host, or the work."""
        return self.parent or self.publication

    @cached_property
    def source_language(self):
        return self._language or text_language(self.source)

    @cached_property
    def source_script(self):
        return text.script_for(self.source_language)

    @cached_property
    def title(self):
        return translated(self.publication, "title", self.language)

    @cached_property
    def subtitle(self):
        return translated(self.publication, "subtitle", self.language)

    @property
    def full_title(self):
        return joined_title(self.title, self.subtitle)

    @cached_property
    def parent_title(self):
        return translated(self.parent, "title", self.source_language) if self.parent else ""

    @cached_property
    def parent_subtitle(self):
        return translated(self.parent, "subtitle", self.source_language) if self.parent else ""

    @property
    def parent_full_title(self):
        return joined_title(self.parent_title, self.parent_subtitle)

    @cached_property
    def authors(self):
        return authors(self.publication)

    @cached_property
    def editors(self):
        """The work's own editors."""
        return editors(self.publication)

    @cached_property
    def compilers(self):
        return compilers(self.publication)

    @cached_property
    def translators(self):
        return translators(self.publication)

    @cached_property
    def source_editors(self):
        """The editors of the volume: the host's for a part, the work's own otherwise."""
        return editors(self.source)

    @cached_property
    def publishers(self):
        return publisher_names(self.source, self.source_language)

    @cached_property
    def place(self):
        return translated(self.source, "place", self.source_language)

    @cached_property
    def series(self):
        return translated(self.source, "series", self.source_language)

    @cached_property
    def edition(self):
        """The edition statement of the volume: the host's for a part, the work's own."""
        return self.source.edition

    @cached_property
    def is_part(self):
        return is_part(self.publication)

    @cached_property
    def pages(self):
        """(first, last) pages of a part, as text ("" where unknown); ("", "") for a whole work."""
        return page_range(self.publication) if self.is_part else ("", "")

    @cached_property
    def isbn(self):
        """The work's own ISBN, or its host volume's."""
        return self.publication.isbn or (self.parent.isbn if self.parent is not None else "")

    @cached_property
    def keywords(self):
        return keywords(self.publication, self.language)

    @cached_property
    def abstract(self):
        return translated(self.publication, "abstract", self.language)
