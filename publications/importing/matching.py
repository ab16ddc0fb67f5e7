"""What an imported record meets in the catalogue: its people, its duplicates, its publishers
and topics. Each index is read once for a whole import, never a query per record.

People are matched by the name keys search uses (``people.names.search_key``): the family
name's key and the first letter of the given name's key, so "Mozer, S.", "Moser, Sergei" and
"Мозер С." all meet Sergei Mozer; a full given name settles a key that two people share.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Greatest, Replace, Upper
from django.utils.translation import gettext as _

from people import names as people_names
from people.models import NameVariant, Organization, Person
from publications.importing import names
from publications.models import Publication, Topic
from publications.validators import normalize_isbn

# The trigram similarity (PostgreSQL) above which two titles of the same year are probably
# one work; on other databases, titles that are equal once normalised.
TITLE_SIMILARITY = 0.6
CHUNK = 500


def name_key(family, given=""):
    """(family key, given key): ("moser", "sergei"), ("moser", "s")."""
    return people_names.search_key(family or ""), people_names.search_key(given or "")


def choice_key(name):
    """How the preview names one spelling's decision: "moser|s"."""
    family, given = name_key(name.family, name.given)
    return f"{family}|{given}"


@dataclass
class PersonMatch:
    status: str  # "matched", "new" or "ambiguous"
    person_id: int | None = None
    candidates: tuple = ()


class PeopleIndex:
    """Every person's name keys, from two queries (people and their name variants)."""

    def __init__(self):
        self.by_initial = defaultdict(set)
        self.given = defaultdict(set)
        self.labels = {}
        fields = [
            f"{part}_{script}"
            for script in ("cyr", "lat")
            for part in ("family_name", "given_name", "patronymic")
        ]
        for pk, *values in Person.objects.order_by().values_list("pk", *fields):
            row = dict(zip(fields, values, strict=True))
            for script in ("cyr", "lat"):
                family = row[f"family_name_{script}"]
                if family:
                    self._add(pk, family, row[f"given_name_{script}"])
            self.labels[pk] = " ".join(
                v
                for v in (
                    row["family_name_cyr"] or row["family_name_lat"],
                    row["given_name_cyr"] or row["given_name_lat"],
                    row["patronymic_cyr"] or row["patronymic_lat"],
                )
                if v
            )
        for pk, variant in NameVariant.objects.order_by().values_list("person_id", "name"):
            parsed = names.parse(variant)
            if parsed is not None:
                self._add(pk, parsed.family, parsed.given)

    def _add(self, pk, family, given):
        family_key, given_key = name_key(family, given)
        if not family_key:
            return
        self.by_initial[(family_key, given_key[:1])].add(pk)
        if len(given_key.split()[0] if given_key else "") > 1:
            self.given[pk].add(given_key.split()[0])

    def match(self, name):
        family_key, given_key = name_key(name.family, name.given)
        candidates = set(self.by_initial.get((family_key, given_key[:1]), ()))
        if not candidates:
            return PersonMatch("new")
        if len(candidates) == 1:
            return PersonMatch("matched", next(iter(candidates)))
        first = given_key.split()[0] if given_key else ""
        if len(first) > 1:
            narrowed = {pk for pk in candidates if first in self.given.get(pk, ())}
            if len(narrowed) == 1:
                return PersonMatch("matched", next(iter(narrowed)))
        return PersonMatch("ambiguous", None, tuple(sorted(candidates)))


def _title_key(title):
    """A title compared loosely: case, "ё", punctuation and spacing ignored."""
    value = str(title or "").lower().replace("ё", "е")
    return " ".join(re.sub(r"[^\w]+", " ", value).split())


@dataclass
class Duplicate:
    publication_id: int
    title: str
    kind: str  # "exact" or "probable"
    reason: str


def trigram_available():
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def trigrams(text):
    """The trigrams pg_trgm takes of a text: lower-cased words, each padded with two spaces
    before and one after ("  ц", " цу", "цуф", …)."""
    found = set()
    for word in re.findall(r"\w+", str(text or "").lower().replace("ё", "е")):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def similarity(first, second):
    """pg_trgm's similarity: the trigrams two texts share over all the trigrams of both."""
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


class TrigramIndex:
    """pg_trgm's similarity of many titles to many, in memory, with prefix filtering.

    Asked of the database, each record costs an index scan of the trigram index (1.5 to 3 ms
    measured for customs titles, whose words recur: seconds for a whole catalogue); here each
    existing title is indexed under its rarest trigrams only, which any title at least
    TITLE_SIMILARITY alike must share (the prefix filter of set-similarity joins), and the
    few candidates of the same year are compared exactly.
    """

    def __init__(self, titles):
        self.grams = {}  # (pk, year) -> trigrams of its titles, one entry per title
        rows = [(pk, year, trigrams(title)) for pk, title, year in titles]
        self.frequency = defaultdict(int)
        for _pk, _year, grams in rows:
            for gram in grams:
                self.frequency[gram] += 1
        self.postings = defaultdict(list)
        self.rows = rows
        for number, (_pk, year, grams) in enumerate(rows):
            for gram in self._prefix(grams):
                self.postings[(gram, year)].append(number)

    def _prefix(self, grams):
        ordered = sorted(grams, key=lambda gram: (self.frequency.get(gram, 0), gram))
        keep = len(ordered) - math.ceil(TITLE_SIMILARITY * len(ordered)) + 1
        return ordered[:keep]

    def most_similar(self, record):
        """(pk, score) of the title of the record's year most like its own, or None."""
        best = None
        for title in (record.title, record.title_en):
            grams = trigrams(title)
            candidates = set()
            for gram in self._prefix(grams):
                candidates.update(self.postings.get((gram, record.year), ()))
            for number in candidates:
                pk, _year, other = self.rows[number]
                score = similarity(grams, other)
                if score >= TITLE_SIMILARITY and (best is None or score > best[1]):
                    best = (pk, score)
        return best


class DuplicateIndex:
    """Publications sharing a DOI or an ISBN with a record (exact), or a similar title and the
    same year (probable)."""

    def __init__(self, records):
        self.by_doi, self.by_isbn, self.by_title = {}, {}, {}
        self.titles = {}
        rows = (
            Publication.objects.order_by().exclude(doi="", isbn="").values_list("pk", "doi", "isbn")
        )
        for pk, doi, isbn in rows.iterator(chunk_size=2000):
            if doi:
                self.by_doi.setdefault(doi.strip().lower(), pk)
            if isbn:
                self.by_isbn.setdefault(normalize_isbn(isbn), pk)
        existing = []  # (pk, title, year)
        years = sorted({record.year for record in records if record.year})
        for start in range(0, len(years), CHUNK):
            titled = Publication.objects.order_by().filter(year__in=years[start : start + CHUNK])
            for pk, title_ru, title_en, year in titled.values_list(
                "pk", "title_ru", "title_en", "year"
            ).iterator(chunk_size=2000):
                self.titles[pk] = title_ru or title_en
                for title in (title_ru, title_en):
                    if title:
                        self.by_title.setdefault((_title_key(title), year), pk)
                        existing.append((pk, title, year))
        self.similar = TrigramIndex(existing)

    def find(self, position, record):
        if record.doi and record.doi.lower() in self.by_doi:
            pk = self.by_doi[record.doi.lower()]
            return Duplicate(
                pk, self._title(pk), "exact", _("the same DOI %(doi)s") % {"doi": record.doi}
            )
        if record.isbn and normalize_isbn(record.isbn) in self.by_isbn:
            pk = self.by_isbn[normalize_isbn(record.isbn)]
            return Duplicate(
                pk, self._title(pk), "exact", _("the same ISBN %(isbn)s") % {"isbn": record.isbn}
            )
        if record.title and record.year:
            for title in (record.title, record.title_en):
                pk = self.by_title.get((_title_key(title), record.year))
                if pk:
                    return Duplicate(
                        pk,
                        self._title(pk),
                        "probable",
                        _("the same title and year (%(year)s)") % {"year": record.year},
                    )
            best = self.similar.most_similar(record)
            if best is not None:
                pk, score = best
                title = self._title(pk)
                return Duplicate(
                    pk,
                    title,
                    "probable",
                    _("a similar title (%(score)d%% alike) and the same year (%(year)s)")
                    % {"score": round(score * 100), "year": record.year},
                )
        return None

    def _title(self, pk):
        if pk not in self.titles:
            row = Publication.objects.filter(pk=pk).values_list("title_ru", "title_en").first()
            self.titles[pk] = (row[0] or row[1]) if row else ""
        return self.titles[pk]


def _label_key(text):
    return " ".join(re.sub(r"[^\w]+", " ", str(text or "").lower().replace("ё", "е")).split())


class NamedIndex:
    """Organisations or topics by any of their names, lower-cased (one query)."""

    def __init__(self, model, fields):
        self.model = model
        self.by_name = {}
        for pk, *values in model.objects.order_by().values_list("pk", *fields):
            for value in values:
                if value:
                    self.by_name.setdefault(_label_key(value), pk)

    def get(self, name):
        return self.by_name.get(_label_key(name))

    def add(self, name, pk):
        self.by_name.setdefault(_label_key(name), pk)


def organizations():
    return NamedIndex(Organization, ["name_ru", "name_en", "short_name_ru", "short_name_en"])


def topics():
    return NamedIndex(Topic, ["name_ru", "name_en"])


def duplicates_of(publication):
    """Other publications that look like this one (the admin's add form warns of them): the
    same DOI or ISBN, or the same title and year; on PostgreSQL with pg_trgm, a title of the
    same year at least TITLE_SIMILARITY alike (the trigram indexes serve it)."""
    found = []
    others = (
        Publication.objects.exclude(pk=publication.pk) if publication.pk else Publication.objects
    )
    if publication.doi:
        for other in others.filter(doi__iexact=publication.doi.strip())[:3]:
            found.append((other, _("the same DOI")))
    isbn = normalize_isbn(publication.isbn)
    if isbn:
        digits = Replace(Replace(Upper("isbn"), Value("-"), Value("")), Value(" "), Value(""))
        for other in others.exclude(isbn="").annotate(digits=digits).filter(digits=isbn)[:3]:
            found.append((other, _("the same ISBN")))
    titles = [t for t in (publication.title_ru, publication.title_en) if t]
    if titles and publication.year:
        same = Q(title_ru__in=titles) | Q(title_en__in=titles)
        same_year = list(others.filter(same, year=publication.year)[:3])
        reason = _("the same title and year")
        if not same_year and trigram_available():
            score = Greatest(
                *(
                    TrigramSimilarity(Upper(field), title.upper())
                    for field in ("title_ru", "title_en")
                    for title in titles
                )
            )
            same_year = list(
                others.filter(year=publication.year)
                .annotate(score=score)
                .filter(score__gte=TITLE_SIMILARITY)
                .order_by("-score")[:3]
            )
            reason = _("a similar title and the same year")
        for other in same_year:
            if all(other.pk != seen.pk for seen, _reason in found):
                found.append((other, reason))
    return found
