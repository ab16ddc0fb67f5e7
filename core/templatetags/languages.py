"""Text in the other language carries its ``lang``: fallbacks, names, snippets, letters.

``{{ value|tr }}`` shows the value, inside ``<span lang="ru">`` on an English page when it is in
Russian (and the other way round); ``<p{{ value|lang_attr }}>`` puts the attribute on an
element of the page's own. Screen readers then read each text with the right voice.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe

from core.languages import script_language as _script_language
from core.languages import shown_language

register = template.Library()


# A tag in markup of the portal's own (a snippet's <mark>s, a link it built).
_TAG = re.compile(r"<[^>]*>")


def _language_of(value):
    # Only markup the portal built (safe strings, every "<" in them a tag's: text was escaped
    # first) carries tags without letters of their own; a plain text's "<" is a letter of its
    # own ("p < 0,05 при n > 30"). A regular expression strips them where strip_tags' HTML
    # parser took 150 µs a snippet.
    text = str(value)
    if "<" in text and isinstance(value, SafeData):
        text = _TAG.sub("", text)
    return shown_language(text)


@register.filter(is_safe=True)
def tr(value):
    """The value, wrapped in a span with its ``lang`` when it is not in the page's language."""
    if value in (None, ""):
        return ""
    language = _language_of(value)
    if language is None:
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', language, value)


@register.filter(is_safe=True)
def lang_attr(value):
    """`` lang="ru"`` for an element holding this value, when it is not in the page's language."""
    language = _language_of(value)
    return mark_safe(f' lang="{language}"') if language else ""


@register.filter
def script_language(value):
    """ "ru" for Cyrillic, "en" for Latin letters, "" for none: which alphabet a letter is of."""
    return _script_language(value) or ""
