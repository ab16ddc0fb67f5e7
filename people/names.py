"""How a person's name is written in each language, and how names are normalised for search.

This module is the one place that decides name display: Russian writes the family name first
("Мозер Сергей", "Мозер С."), English the given name first ("Sergei Mozer", "S. Mozer").
"""

import re
import unicodedata

from core.languages import active_language

# Names in one script fall back to the other when the preferred one is not known.
_SCRIPT_ORDER = {"ru": ("cyr", "lat"), "en": ("lat", "cyr")}

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

_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ў": "u",
}


def _parts(person, script):
    return (
        getattr(person, f"family_name_{script}", "").strip(),
        getattr(person, f"given_name_{script}", "").strip(),
        getattr(person, f"patronymic_{script}", "").strip(),
    )


def _preferred_parts(person, language=None):
    for script in _SCRIPT_ORDER[active_language(language)]:
        family, given, patronymic = _parts(person, script)
        if family:
            return script, family, given, patronymic
    return "lat", "", "", ""


def _initial(name):
    return f"{name[0]}." if name else ""


def full_name(person, language=None):
    """The name in full: "Мозер Сергей" in Russian, "Sergei Mozer" in English."""
    script, family, given, patronymic = _preferred_parts(person, language)
    if script == "cyr":
        return " ".join(p for p in (family, given, patronymic) if p)
    return " ".join(p for p in (given, family) if p)


def short_name(person, language=None):
    """The name with initials, for lists of authors: "Мозер С." or "S. Mozer"."""
    script, family, given, patronymic = _preferred_parts(person, language)
    initials = " ".join(i for i in (_initial(given), _initial(patronymic)) if i)
    if script == "cyr":
        return f"{family} {initials}".strip()
    return f"{_initial(given)} {family}".strip()


def sort_key(person, language=None):
    """Family name, then given names, in the active language's script."""
    _script, family, given, patronymic = _preferred_parts(person, language)
    return (family.lower(), given.lower(), patronymic.lower())


def transliterate(text):
    """Cyrillic to plain Latin letters (a search aid, not a display form)."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text)


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
    for script in ("cyr", "lat"):
        family, given, patronymic = _parts(person, script)
        if not family:
            continue
        initials = " ".join(i for i in (_initial(given), _initial(patronymic)) if i)
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
    for text in texts:
        key = search_key(text)
        if key and key not in keys:
            keys.append(key)
    return f" {' | '.join(keys)} " if keys else ""


def search_tokens(query, limit=8):
    """The normalised words of a query, each to be matched as the start of a name word."""
    words = search_key(query or "").split()
    unique = list(dict.fromkeys(words))
    return unique[:limit]


def search_key(text):
    """Normalise a name so spellings of one name meet: case, accents, script, transliteration."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = transliterate(text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    for old, new in _LATIN_FOLDS:
        text = text.replace(old, new)
    return " ".join(text.split())
