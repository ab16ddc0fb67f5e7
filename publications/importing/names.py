"""A person's name as a file writes it, taken apart: "Mozer, S.", "Мозер С. А.", "Sergei Moser"."""

import re

from core.text import has_cyrillic
from publications.importing.records import Name

_INITIAL = re.compile(r"^(?:\w\.)(?:-?\w\.)*$|^\w$")


def is_initial(word):
    """ "S.", "С.", "Ж.-П.", "A.M." or a single letter."""
    return bool(_INITIAL.match(word)) or bool(re.fullmatch(r"(?:\w\.){2,}", word))


def _split_initials(words):
    """ "A.M." as "A." and "M.": each initial one word."""
    out = []
    for word in words:
        if re.fullmatch(r"(?:\w\.){2,}", word):
            out.extend(f"{letter}." for letter in word.split(".") if letter)
        else:
            out.append(word)
    return out


def _forenames(words, cyrillic):
    """Given name and patronymic: a Russian name's second forename is the patronymic."""
    words = _split_initials(words)
    if not words:
        return "", ""
    if cyrillic and len(words) >= 2:
        return words[0], " ".join(words[1:])
    return " ".join(words), ""


def parse(text, role="author"):
    """A Name from one written name; None when there is no name in it.

    With a comma, the family name comes first ("Mozer, Sergei A."). Without one, initials say
    which word is the family name ("Мозер С. А.", "S. A. Mozer"); a Cyrillic name in words
    is read family name first ("Мозер Сергей Александрович"), a Latin one given name first
    ("Sergei Mozer").
    """
    text = " ".join(str(text or "").replace("{", "").replace("}", "").split()).strip(" ,;")
    if not text:
        return None
    cyrillic = has_cyrillic(text)
    if "," in text:
        family, _sep, rest = text.partition(",")
        given, patronymic = _forenames(rest.replace(",", " ").split(), cyrillic)
        return Name(family.strip(), given, patronymic, role)
    words = text.split()
    if len(words) == 1:
        return Name(words[0], "", "", role)
    if all(is_initial(word) for word in words[1:]):
        family, rest = words[0], words[1:]
    elif all(is_initial(word) for word in words[:-1]):
        family, rest = words[-1], words[:-1]
    elif cyrillic:
        family, rest = words[0], words[1:]
    else:
        family, rest = words[-1], words[:-1]
    given, patronymic = _forenames(rest, cyrillic)
    return Name(family, given, patronymic, role)
