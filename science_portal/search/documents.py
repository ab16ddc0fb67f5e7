"""Index rows as the public finds and reads them: what is visible now, and a row as a hit.

A hit's title and description are in the reader's language; its snippet comes with the
matches between markers, turned into ``<mark>`` only when shown.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.languages import pick_translation, shown_language
from science_portal.models import SearchDocument
from science_portal.search.results import URL_NAMES, Hit, Kind

DISPLAY_FIELDS = (
    "kind",
    "object_id",
    "source_id",
    "slug",
    "title_ru",
    "title_en",
    "meta_ru",
    "meta_en",
)
# Markers ts_headline puts around matches; control characters never stored in the index.
START, STOP = "\x01", "\x02"


def visible_documents():
    """What the public may find now (a scheduled publication or an embargo ends by itself)."""
    return SearchDocument.objects.filter(public_from__lte=timezone.now())


def render_snippet(text):
    """Escape a snippet and turn its markers into <mark> (the only HTML it may carry)."""
    if not text:
        return ""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    # Escaped above: the only tags are our own <mark>s.
    return mark_safe(html)


# A lead (a snippet with no match) shows about as much of the description as a snippet.
LEAD_LENGTH = 260


def lead_in_page_language(snippet, own_text):
    """A snippet that shows no match is only the start of the description: on a page in the
    other language, the description in the page's language (``own_text``) where there is one."""
    if not snippet or START in snippet or not own_text or shown_language(snippet) is None:
        return snippet
    if shown_language(own_text) is not None:
        return snippet
    return Truncator(own_text).chars(LEAD_LENGTH)


def _title(row_ru, row_en):
    """A row's field in the page's language, else in the other one."""
    return pick_translation({"ru": row_ru, "en": row_en})


def document_url(kind, slug):
    try:
        return reverse(URL_NAMES.get(kind, "publications:detail"), kwargs={"slug": slug})
    except NoReverseMatch:
        return ""


def best_snippets(rows):
    """Per result, the snippet that shows a match: its own text first, then a file's text."""
    best = {}
    for kind, object_id, _source_id, snippet, title_ru, title_en in rows:
        if not snippet:
            continue
        has_match = START in snippet
        is_file = kind == Kind.FILE
        score = (has_match, not is_file)
        current = best.get(object_id)
        if current is None or score > current[0]:
            source = _title(title_ru, title_en) if is_file and has_match else ""
            best[object_id] = (score, snippet, source)
    return {key: (value[1], value[2]) for key, value in best.items()}


def document_hit(row, snippet=""):
    return Hit(
        kind=row.kind,
        object_id=row.object_id,
        title=_title(row.title_ru, row.title_en),
        url=document_url(row.kind, row.slug),
        meta=_title(row.meta_ru, row.meta_en),
        snippet=render_snippet(snippet),
    )
