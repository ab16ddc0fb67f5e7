"""How a person's name is written in each language, and how names are normalised for search.

This module is the one place that decides name display: Russian writes the family name first
("Мозер Сергей", "Мозер С."), English the given name first ("Sergei Mozer", "S. Mozer").
"""

import re

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf

from core import text
from core.languages import active_language

# Latin letters that Russian transliterations use interchangeably: "Mozer"/"Moser",
# "Sergei"/"Sergey", "Tkachenko"/"Tkatchenko". Applied to the search key only.
_LATIN_FOLDS = [
    ("tch", "ch"),
    ("iy", "i"),
    ("yi", "i"),
    ("ey", "ei"),
    ("ay", "ai"),
    ("oy", "oi"),
    ("uy", "ui"),
    ("z", "s"),
    ("x", "ks"),
    ("w", "v"),
    ("ph", "f"),
    ("y", "i"),
    ("j", "i"),
]

# The Belarusian and Ukrainian "і" is read as the Russian "и" ("Іван" and "Иван" meet).
_CYRILLIC_FOLDS = str.maketrans({"і": "и", "І": "И"})


def _preferred_parts(person, language=None):
    """The name in the script the language reads first, or in the other one if unknown."""
    return text.name_parts(person, text.script_for(active_language(language)))


def full_name(person, language=None):
    """The name in full: "Мозер Сергей" in Russian, "Sergei Mozer" in English."""
    family, given, patronymic, script = _preferred_parts(person, language)
    if script == text.CYRILLIC:
        return " ".join(p for p in (family, given, patronymic) if p)
    return " ".join(p for p in (given, family) if p)


def short_name(person, language=None):
    """The name with initials, for lists of authors: "Мозер С." or "S. Mozer"."""
    family, given, patronymic, script = _preferred_parts(person, language)
    if script == text.CYRILLIC:
        return f"{family} {text.initials(given, patronymic)}".strip()
    return f"{text.initials(given)} {family}".strip()


def order_by_name(first):
    """Family name, then given names, each in script ``first`` where known, else in the other:
    the people list's order in the language that reads ``first`` first (and its indexes')."""
    second = text.other_script(first)
    return [
        Coalesce(NullIf(f"family_name_{first}", Value("")), f"family_name_{second}"),
        Coalesce(NullIf(f"given_name_{first}", Value("")), f"given_name_{second}"),
    ]


def sort_key(person, language=None):
    """Family name, then given names, in the active language's script."""
    family, given, patronymic, _script = _preferred_parts(person, language)
    return (family.lower(), given.lower(), patronymic.lower())


def transliterate(value):
    """Cyrillic to plain Latin letters, as search keys spell them: "Пётр" → "Petr" (not for
    display: citations romanise with ``core.text.transliterate``)."""
    return text.transliterate(text.strip_diacritics(value).translate(_CYRILLIC_FOLDS))


def index_letter(name):
    """The letter a family name is filed under in the alphabetical index ("Ё" under "Е")."""
    first = (name or "").strip()[:1].upper()
    if not first.isalpha():
        return ""
    return "Е" if first == "Ё" else first


def is_cyrillic(letter):
    return "А" <= letter <= "Я" or letter == "Ё"


def name_forms(person):
    """Every way the person's own name fields can be written, in both scripts."""
    forms = []
    for script in (text.CYRILLIC, text.LATIN):
        family, given, patronymic, _script = text.name_parts(person, script, fallback=False)
        if not family:
            continue
        initials = text.initials(given, patronymic)
        candidates = [
            " ".join(p for p in (family, given, patronymic) if p),
            " ".join(p for p in (given, patronymic, family) if p),
            " ".join(p for p in (given, family) if p),
            f"{family} {initials}".strip(),
            f"{initials} {family}".strip(),
        ]
        forms.extend(c for c in candidates if c not in forms)
    return forms


def search_document(texts):
    """One searchable text from many names: their keys, each word preceded by a space."""
    keys = []
    for name in texts:
        key = search_key(name)
        if key and key not in keys:
            keys.append(key)
    return f" {' | '.join(keys)} " if keys else ""


def search_tokens(query, limit=8):
    """The normalised words of a query, each to be matched as the start of a name word."""
    words = search_key(query or "").split()
    unique = list(dict.fromkeys(words))
    return unique[:limit]


def search_key(value):
    """Normalise a name so spellings of one name meet: case, accents, script, transliteration."""
    key = re.sub(r"[^a-z0-9]+", " ", transliterate(value.lower()))
    for old, new in _LATIN_FOLDS:
        key = key.replace(old, new)
    return " ".join(key.split())
