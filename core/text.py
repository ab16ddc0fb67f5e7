"""Text rules every app shares: transliteration, slugs, initials and the parts of a name.

One romanisation table serves the whole portal, named for its standard (``BGN_PCGN``):

- a citation style that asks for Latin letters romanises as it is (``transliterate``):
  "Ёлкин" is "Yolkin", "Таможенный" is "Tamozhennyy";
- where only plain letters will do (a file name's ASCII fallback, a name's search key) the
  diacritics go first, as they do for "é" (``to_ascii``, ``strip_diacritics``): "й" is then
  "и" and "ё" is "е", so "Ёлка" is "Elka" and "Сергей" is "Sergei".
"""

import unicodedata
from typing import NamedTuple

from django.utils.text import slugify

CYRILLIC, LATIN = "cyr", "lat"

# BGN/PCGN (1947) romanisation of Russian without its diacritics: "ё" as "yo" (BGN/PCGN "ë"),
# "ъ" and "ь" left out. Lower-case keys: transliterate() keeps the case of each letter.
BGN_PCGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip


def transliterate(text, table=BGN_PCGN):
    """The letters ``table`` knows spelled as it says, in their case ("Щука" → "Shchuka")."""
    out = []
    for char in text:
        latin = table.get(char.lower())
        if latin is None:
            out.append(char)
        elif char.isupper():
            out.append(latin[:1].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def strip_diacritics(text):
    """The text without accents and in compatibility forms (NFKD): "mózer" → "mozer", "й" → "и"."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char))


def to_ascii(text, table=BGN_PCGN):
    """Plain ASCII: accents dropped, then Cyrillic romanised; what has no Latin form is left out.

    "Ёлка щука.epub" → "Elka shchuka.epub", "数字" → "".
    """
    return transliterate(strip_diacritics(text), table).encode("ascii", "ignore").decode()


def slug_for(text, max_length=200):
    """A slug of Latin letters, digits and hyphens for a text in any script, cut at a hyphen
    to fit: "Цифровые технологии в таможне" → "tsifrovye-tekhnologii-v-tamozhne"."""
    slug = slugify(to_ascii(text))
    if len(slug) > max_length:
        slug = (
            slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
        )
    return slug.strip("-")


def has_cyrillic(text):
    return any("\u0400" <= char <= "\u04ff" for char in text)


def initials(*names):
    """The initials of the given names, spaced, hyphens kept.

    ``initials("Сергей", "Александрович")`` is "С. А.", ``initials("Жан-Поль")`` is "Ж.-П.",
    ``initials("Anna Maria")`` is "A. M."; empty names give "".
    """
    letters = (
        "-".join(f"{part[0]}." for part in word.split("-") if part)
        for name in names
        for word in (name or "").split()
    )
    return " ".join(letter for letter in letters if letter)


def other_script(script):
    return LATIN if script == CYRILLIC else CYRILLIC


def script_for(language):
    """The script names are read in, in a language: Latin letters in English, else Cyrillic."""
    return LATIN if language == "en" else CYRILLIC


class NameParts(NamedTuple):
    """A person's name in one script; ``script`` says which (the asked one or the other)."""

    family: str
    given: str
    patronymic: str
    script: str

    @property
    def forenames(self):
        """The given name and the patronymic: "Жан-Поль Иванович"."""
        return " ".join(part for part in (self.given, self.patronymic) if part)


def name_parts(person, script, *, fallback=True):
    """The family name, given name and patronymic of ``person`` in ``script``.

    The fields are ``family_name_cyr``, ``given_name_cyr``, ``patronymic_cyr`` and their
    ``_lat`` twins. A person whose family name is not known in ``script`` is given in the other
    script instead (unless ``fallback=False``); nobody known in either gives empty parts.
    """
    for current in (script, other_script(script)) if fallback else (script,):
        family = _field(person, "family_name", current)
        if family:
            given = _field(person, "given_name", current)
            return NameParts(family, given, _field(person, "patronymic", current), current)
    return NameParts("", "", "", script)


def _field(person, name, script):
    return (getattr(person, f"{name}_{script}", "") or "").strip()
