"""The two languages of the portal: which one is active, and a translated field's fallback.

Reader-facing fields exist in Russian and English (modeltranslation's ``title_ru`` and
``title_en``); where one is empty the other is shown. Code that needs "the active language" or
"this field in that language" asks here instead of reading ``get_language()`` or ``x_ru`` /
``x_en`` itself.
"""

import re

from django.conf import settings
from django.utils.translation import get_language


def codes():
    """The portal's language codes, the default first: ("ru", "en")."""
    global _codes_of
    # Asked for by every read of a translated field (a reindex: millions of times), so worked
    # out once for the setting; a test that overrides LANGUAGES brings a new list.
    languages = settings.LANGUAGES
    if _codes_of[0] is not languages:
        _codes_of = (languages, tuple(code for code, _name in languages))
    return _codes_of[1]


_codes_of = (None, ())


def default_language():
    return settings.LANGUAGE_CODE[:2]


def active_language(language=None):
    """ "ru" or "en": ``language`` if given, else the active one, else the default.

    A regional or unknown code comes out as one of the portal's own: "en-gb" is "en", and a
    language the portal does not have is the default.
    """
    code = (language or get_language() or default_language())[:2]
    return code if code in codes() else default_language()


def other_languages(language=None):
    """The languages to fall back to from ``language``, in the order of ``settings.LANGUAGES``."""
    language = active_language(language)
    return tuple(code for code in codes() if code != language)


def other_language(language=None):
    """The portal's other language: "en" for "ru", "ru" for "en"."""
    return other_languages(language)[0]


def localized(field, language=None):
    """The column that holds ``field`` in ``language`` (the active one by default): "title_en"."""
    return f"{field}_{active_language(language)}"


def pick_translation(values, language=None, *, fallback=True):
    """From ``{"ru": ..., "en": ...}``, the value in ``language``, else the first non-empty other.

    ``language`` is the active one by default; ``fallback=False`` gives that language's value
    alone. Empty values come out as "".
    """
    language = active_language(language)
    order = (language, *other_languages(language)) if fallback else (language,)
    return next((values[code] for code in order if values.get(code)), "")


def translated(obj, field, language=None, *, fallback=True):
    """A translated field in ``language`` (the active one by default), else in the other one.

    ``translated(publication, "title", "en")`` is the English title, or the Russian one when no
    English title is known; surrounding white space is dropped. ``fallback=False`` asks for the
    one language only ("" when it is empty).
    """
    values = {code: (getattr(obj, f"{field}_{code}", None) or "").strip() for code in codes()}
    return pick_translation(values, language, fallback=fallback)


def translations(obj, field):
    """[(text, language)] of a translated field in every language, the default first, each text
    once: what a harvester or a search index gets when it takes both languages."""
    values = []
    for code in codes():
        text = translated(obj, field, code, fallback=False)
        if text and text not in (seen for seen, _code in values):
            values.append((text, code))
    return values


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


def script_language(text):
    """ "ru" for text in Cyrillic, "en" for text in Latin letters only, None for no letters.

    The portal's two languages have two scripts, so the letters tell which one a text is in:
    what the ``lang`` attribute of a fallback, a name or a snippet should say.
    """
    text = str(text or "")
    if CYRILLIC.search(text):
        return "ru"
    if LATIN.search(text):
        return "en"
    return None


def shown_language(text, language=None):
    """The language to mark on ``text`` shown on a page in ``language`` (the active one): its
    own language when that is not the page's, else None (nothing to mark)."""
    own = script_language(text)
    return own if own and own != active_language(language) else None
