"""What a visitor typed, made safe and understood: web-search syntax, normalised words.

Web-search syntax as PostgreSQL's ``websearch_to_tsquery`` reads it: words are all required,
``"quoted phrases"`` keep their order, ``OR`` between two terms accepts either, and a leading
``-`` excludes a term. Parsing never fails: anything that is not a term is ignored.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

from people.names import search_tokens

# Visitor input beyond this is cut off (a 10,000-character query is not a query).
MAX_QUERY_LENGTH = 200
# Terms beyond this are ignored, so the SQL built from a query stays small.
MAX_TERMS = 12

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"\w+", re.UNICODE)


def max_query_length():
    return getattr(settings, "SEARCH_MAX_QUERY_LENGTH", MAX_QUERY_LENGTH)


def clean_query(raw):
    """Make any visitor input safe to search for: no control characters, bounded length."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(raw or ""))
    return " ".join(text.split())[: max_query_length()].strip()


def normalise(text):
    """Lower-cased words without accents, "ё" read as "е", separated by single spaces."""
    kept = []
    for ch in unicodedata.normalize("NFKD", (text or "").casefold().replace("ё", "е")):
        # Accents go ("é" is "e"), but "й" is a letter of its own, not "и" with a breve.
        if unicodedata.combining(ch) and not (ch == "\u0306" and kept and kept[-1] == "и"):
            continue
        kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept))
    return " ".join(_WORD.findall(text.replace("_", " ")))


def words(text):
    """The normalised words of a text."""
    return normalise(text).split()


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase, possibly excluded."""

    text: str
    phrase: bool = False
    negated: bool = False

    @property
    def words(self):
        return words(self.text)


@dataclass
class ParsedQuery:
    """Groups that must all match; within a group, any term may (``a b OR c`` = a AND (b OR c))."""

    groups: list = field(default_factory=list)
    has_operators: bool = False

    @property
    def terms(self):
        return [term for group in self.groups for term in group]

    @property
    def positive_terms(self):
        return [term for term in self.terms if not term.negated]

    @property
    def is_empty(self):
        """Nothing to look for: no words, or only exclusions."""
        return not self.positive_terms


def parse(query):
    """Read web-search syntax; never raises, whatever the input."""
    parsed = ParsedQuery()
    pending_or = False
    count = 0
    for token in _TOKEN.findall(clean_query(query)):
        if token == "OR":
            pending_or = bool(parsed.groups)
            parsed.has_operators = True
            continue
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        phrase = body.startswith('"')
        text = body.strip('"')
        if not words(text):
            pending_or = False
            continue
        if negated or phrase:
            parsed.has_operators = True
        term = Term(text=" ".join(words(text)) if phrase else text, phrase=phrase, negated=negated)
        if pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
        count += 1
        if count >= MAX_TERMS:
            break
    return parsed


def name_tokens(query, parsed=None):
    """The normalised name keys of a plain query (no operators), for the name path."""
    parsed = parsed or parse(query)
    if parsed.has_operators or parsed.is_empty:
        return []
    return search_tokens(" ".join(term.text for term in parsed.terms), limit=6)


# Endings stripped by the SQLite fallback, a rough stand-in for the stemmers of PostgreSQL.
_RUSSIAN_ENDINGS = sorted(
    {
        *("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый"),
        *("ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях"),
        *("ов", "ев", "ию", "ия", "ью", "ья", "ы", "и", "а", "я", "о", "е", "у", "ю", "ь"),
    },
    key=len,
    reverse=True,
)
_ENGLISH_ENDINGS = ["ies", "ing", "ed", "es", "s", "y"]


def fallback_stem(word):
    """A prefix that most inflected forms of the word share (for containment matching)."""
    if len(word) <= 4:
        return word
    endings = _RUSSIAN_ENDINGS if re.search("[а-я]", word) else _ENGLISH_ENDINGS
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word
