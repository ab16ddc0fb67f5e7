"""The quick start's matching (SQLite): containment on normalised text, ranking by where."""

import difflib
import re

from django.db.models import Case, FloatField, Q, Value, When

from science_portal.models import SearchTerm
from science_portal.search.documents import START, STOP
from science_portal.search.query import fallback_stem
from science_portal.search.results import Kind, row_kinds

SNIPPET_LENGTH = 260


class FallbackBackend:
    """Case-insensitive containment on normalised text (SQLite)."""

    def __init__(self, parsed, tokens):
        self.parsed = parsed
        self.tokens = tokens
        self.stems = [fallback_stem(word) for term in parsed.positive_terms for word in term.words]

    @staticmethod
    def _term(term):
        words = term.words
        if term.phrase:
            text = " ".join([*words[:-1], fallback_stem(words[-1])])
            condition = Q(plain__contains=f" {text}")
        else:
            condition = Q()
            for word in words:
                condition &= Q(plain__contains=f" {fallback_stem(word)}")
        return ~condition if term.negated else condition

    def _names(self):
        condition = Q()
        for token in self.tokens:
            condition &= Q(names__contains=f" {token}")
        return condition

    def condition(self):
        combined = Q()
        for group in self.parsed.groups:
            either = Q()
            for term in group:
                either |= self._term(term)
            combined &= either
        if self.tokens:
            combined |= self._names()
        return combined

    def match(self, queryset):
        return queryset.filter(self.condition())

    @staticmethod
    def match_loose(queryset):
        return None

    def for_walk(self):
        return self

    @staticmethod
    def of_kind(queryset, kind):
        return queryset.filter(kind__in=row_kinds(kind))

    @staticmethod
    def of_kinds(queryset, kinds):
        return queryset.filter(kind__in=kinds)

    def rank(self):
        first = self.stems[0] if self.stems else ""
        whens = [When(kind=Kind.FILE, then=Value(0.1))]
        if first:
            whens.append(When(title_norm__contains=first, then=Value(1.0)))
        if self.tokens:
            whens.append(When(self._names(), then=Value(0.4)))
        return Case(*whens, default=Value(0.2), output_field=FloatField())

    def snippets(self, documents):
        rows = documents.values_list(
            "kind", "object_id", "source_id", "body", "title_ru", "title_en"
        )
        return [
            (kind, object_id, source_id, _plain_snippet(body, self.stems), ru, en)
            for kind, object_id, source_id, body, ru, en in rows
        ]

    def correct(self, words):
        initials = {word[0] for word in words}
        condition = Q()
        for initial in initials:
            condition |= Q(term__startswith=initial)
        vocabulary = list(SearchTerm.objects.filter(condition).values_list("term", flat=True))
        corrected = []
        for word in words:
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            corrected.append(close[0] if close else word)
        return corrected


def _plain_snippet(body, stems):
    """A window of the text around the first match, the matches between markers."""
    if not body:
        return ""
    # One- and two-letter words (initials, prepositions) would mark half the text.
    patterns = [re.escape(stem) for stem in stems if len(stem) >= 3]
    matcher = re.compile(r"(?<!\w)(" + "|".join(patterns) + r")\w*", re.I) if patterns else None
    found = matcher.search(body) if matcher else None
    start = max(found.start() - SNIPPET_LENGTH // 3, 0) if found else 0
    window = body[start : start + SNIPPET_LENGTH]
    if start:
        window = "… " + window.split(" ", 1)[-1]
    if start + SNIPPET_LENGTH < len(body):
        window = window.rsplit(" ", 1)[0] + " …"
    if matcher:
        window = matcher.sub(lambda m: f"{START}{m.group(0)}{STOP}", window)
    return window
