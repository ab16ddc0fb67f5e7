"""Facet counts of the publication list that stay cheap however large the catalogue grows.

A facet counts the publications every active filter but its own leaves. Three ways to count
them, chosen by those rows:

- no filter at all: the counts of the whole public catalogue, kept in ``FacetSnapshot``.
  They are counted once after any change that could move them (``publications.signals``
  marks the snapshot dirty when a publication, its authors, publishers, topics or files, a
  topic, person or organisation is saved or deleted) or when a scheduled publication or an
  embargo's end comes due, and are then read in one query;
- at most ``FACET_EXACT_LIMIT`` rows: counted exactly over those rows;
- more: counted over the ``FACET_EXACT_LIMIT`` most recently added of them and scaled to
  their number, and shown as approximate.

So a list page runs a fixed number of queries whatever the catalogue's size, each reading
one row or bounded by the limit (the snapshot's recount, after a change, reads everything
once).
"""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Min
from django.utils import timezone, translation

from core.languages import codes
from people.models import Organization, Person
from publications.models import (
    Authorship,
    FacetSnapshot,
    Language,
    Publication,
    PublicationFile,
    Topic,
)

# How many options of a related facet (topics, authors, publishers) the list shows, and
# how many the catalogue's snapshot keeps.
FACET_LIMIT = 12
SNAPSHOT_LIMIT = 50
VALUE_FACETS = ("type", "year", "language")
# Related facets: the model, the path from it to publications, the order of ties, and the
# columns its name is made of (read alone: grouping whole rows would carry wide columns).
PERSON_NAMES = [
    f"{part}_{script}"
    for part in ("family_name", "given_name", "patronymic")
    for script in ("cyr", "lat")
]
RELATED = {
    "topic": (Topic, "publications", ["name"], ["name_ru", "name_en"]),
    "author": (
        Person,
        "authorships__publication",
        ["family_name_cyr", "family_name_lat"],
        PERSON_NAMES,
    ),
    "publisher": (Organization, "publisher_links__publication", ["name"], ["name_ru", "name_en"]),
}
NAMES = (*VALUE_FACETS, *RELATED, "has_file")


@dataclasses.dataclass
class Tally:
    """Counts of one set of publications, for some facets.

    Value facets map a value to its count; related facets are lists of options
    ``{"pk", "slug", "label": {language: name}, "count"}``, most publications first;
    ``has_file`` is a number. ``approximate`` when scaled from the newest rows.
    """

    counts: dict
    approximate: bool = False

    def __getitem__(self, name):
        return self.counts[name]

    def count_of(self, name, value):
        """How many publications of this tally have ``value`` in facet ``name`` (a related
        facet's row, a value facet's key; any value of ``has_file``, whose one choice is
        "yes"), or None when the tally does not hold that count: scaled, or an option past
        a related facet's limit."""
        if self.approximate or name not in self.counts:
            return None
        if name == "has_file":
            return self.counts[name]
        if name in RELATED:
            return next((o["count"] for o in self.counts[name] if o["pk"] == value.pk), None)
        return self.counts[name].get(value, 0)  # every value of the column is counted

    def scaled(self, factor):
        def scale(n):
            return max(1, round(n * factor)) if n else 0

        counts = {}
        for name, value in self.counts.items():
            if name in RELATED:
                counts[name] = [option | {"count": scale(option["count"])} for option in value]
            elif name == "has_file":
                counts[name] = scale(value)
            else:
                counts[name] = {key: scale(n) for key, n in value.items()}
        return Tally(counts, approximate=True)

    def as_json(self):
        counts = dict(self.counts)
        for name in VALUE_FACETS:
            if name in counts:
                counts[name] = [[key, n] for key, n in counts[name].items()]
        return counts

    @classmethod
    def from_json(cls, data):
        counts = dict(data)
        for name in VALUE_FACETS:
            counts[name] = dict(counts[name])
        return cls(counts)


def tally(publications, names=NAMES, *, related_limit=FACET_LIMIT):
    """Count a set of publications (ids, as a list or a queryset) by the facets ``names``.

    One query per facet, over the rows of the set only.
    """
    counts = {}
    for name in names:
        if name in VALUE_FACETS:
            rows = (
                Publication.objects.filter(pk__in=publications)
                .order_by()
                .values(name)
                .annotate(n=Count("pk"))
            )
            counts[name] = {row[name]: row["n"] for row in rows}
        elif name == "author":
            rows = _people_by_count(publications, related_limit)
            counts[name] = [_option(Person, row, PERSON_NAMES) for row in rows]
        elif name in RELATED:
            model, path, ties, label_fields = RELATED[name]
            limit = None if name == "topic" else related_limit  # the topic list shows all
            rows = (
                model.objects.published()
                .filter(**{f"{path}__in": publications})
                .values("pk", "slug", *label_fields)
                .annotate(n=Count(path, distinct=True))
                .order_by("-n", *ties, "pk")
            )
            counts[name] = [_option(model, row, label_fields) for row in rows[:limit]]
        else:
            counts[name] = (
                PublicationFile.objects.downloadable()
                .filter(publication__in=publications)
                .values("publication")
                .distinct()
                .count()
            )
    return Tally(counts)


def _people_by_count(publications, limit):
    """The public people with the most of ``publications`` (as authors or in any role), most
    first, ties by family name: ``{"pk", "slug", <name parts>, "n"}`` rows, at most ``limit``.

    The authorships are counted first, by person id alone (two integer columns, hashed), the
    ``limit``-th highest count among public people is the threshold, and only the people at
    or above it are joined and ordered by name. The ORM's way, grouping the joined rows by
    their names, sorts thousands of wide rows for a dozen options.
    """
    pairs = (
        Authorship.objects.filter(publication__in=publications)
        .exclude(person__in=Person.objects.exclude(Person.public_q()).values("pk"))
        .order_by()
        .values("person_id", "publication_id")
        .distinct()
    )
    try:
        pairs_sql, pairs_params = pairs.query.sql_with_params()
    except EmptyResultSet:  # no publications at all: the ORM compiles no SQL for ``IN ()``
        return []
    # The people's columns under names of our own (f_id, f_slug, …): a database names the
    # columns of a subquery as it likes.
    fields = ("id", "slug", *PERSON_NAMES)
    people = Person.objects.published().order_by().values(**{f"f_{f}": F(f) for f in fields})
    people_sql, people_params = people.query.sql_with_params()
    q = connection.ops.quote_name
    columns = ", ".join(f"p.{q('f_' + field)}" for field in fields)
    ties = ", ".join(f"p.{q('f_' + field)}" for field in RELATED["author"][2])
    sql = (
        f"WITH counted AS (SELECT d.{q('person_id')} AS person, COUNT(*) AS n "
        f"FROM ({pairs_sql}) d GROUP BY d.{q('person_id')}) "
        f"SELECT {columns}, counted.n FROM counted JOIN ({people_sql}) p "
        f"ON counted.person = p.{q('f_id')} "
        "WHERE counted.n >= COALESCE("
        "(SELECT c.n FROM counted c ORDER BY c.n DESC LIMIT 1 OFFSET %s), 0) "
        f"ORDER BY counted.n DESC, {ties}, p.{q('f_id')} LIMIT %s"
    )
    params = (*pairs_params, *people_params, limit - 1, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = ["pk", "slug", *PERSON_NAMES, "n"]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _option(model, row, label_fields):
    """A related facet's option, named in every language (as the model names itself)."""
    named = model(**{field: row[field] for field in label_fields})
    labels = {}
    for code in codes():
        with translation.override(code):
            labels[code] = str(named)
    return {"pk": row["pk"], "slug": row["slug"], "label": labels, "count": row["n"]}


def bounded_tally(queryset, names=NAMES, *, size=None):
    """Exact counts of ``queryset`` when it is small enough, else scaled from its newest rows.

    One query more than ``tally`` (the ids) for a small set; for a large one also its size,
    unless the caller knows it already (``size``: the list's paginator counted it).
    """
    limit = settings.FACET_EXACT_LIMIT
    ids = list(queryset.order_by("-pk").values_list("pk", flat=True)[: limit + 1])
    if len(ids) <= limit:
        return tally(ids, names)
    size = queryset.order_by().count() if size is None else size
    return tally(ids[:limit], names).scaled(size / limit)


def catalogue_tally():
    """The counts of the whole public catalogue, from the snapshot (one query when fresh)."""
    snapshot = FacetSnapshot.objects.filter(pk=FacetSnapshot.CATALOGUE).first()
    fresh = snapshot is not None and not snapshot.dirty and snapshot.counts
    if fresh and (snapshot.valid_until is None or snapshot.valid_until > timezone.now()):
        return Tally.from_json(snapshot.counts)
    return refresh_snapshot()


def refresh_snapshot():
    """Count the whole public catalogue again and keep the counts (a second or so at 100,000).

    The row is claimed (``dirty`` cleared) before counting: a change committed meanwhile
    marks it dirty again, and the next reader counts once more.
    """
    now = timezone.now()
    FacetSnapshot.objects.update_or_create(pk=FacetSnapshot.CATALOGUE, defaults={"dirty": False})
    public = Publication.objects.published().values("pk")
    counted = tally(public, related_limit=SNAPSHOT_LIMIT)
    counted.counts["total"] = sum(counted["type"].values())  # every publication has one type
    FacetSnapshot.objects.filter(pk=FacetSnapshot.CATALOGUE).update(
        counts=counted.as_json(), computed_at=now, valid_until=_next_change(now)
    )
    return counted


def _next_change(now):
    """When the public catalogue next changes by itself: a scheduled publication or an
    embargo's end, whichever comes first (None if nothing is due)."""
    scheduled = Publication.objects.filter(
        Publication.scheduled_or_public_q(), published_at__gt=now
    ).aggregate(first=Min("published_at"))["first"]
    embargo = PublicationFile.objects.filter(
        access=PublicationFile.Access.EMBARGOED, embargo_until__gt=timezone.localdate()
    ).aggregate(first=Min("embargo_until"))["first"]
    moments = [scheduled] if scheduled else []
    if embargo:
        moments.append(timezone.make_aware(datetime.datetime.combine(embargo, datetime.time.min)))
    return min(moments, default=None)


def facet_options(tally_by_facet, selected):
    """The facets as the list template shows them, from the Tally that counts each facet."""
    language = translation.get_language()

    def by_value(name, choices):
        counted = tally_by_facet[name]
        return [
            {
                "value": value,
                "label": label,
                "count": counted[name][value],
                "selected": selected.get(name) == value,
                "approximate": counted.approximate,
            }
            for value, label in choices
            if counted[name].get(value)
        ]

    def related(name):
        counted = tally_by_facet[name]
        current = selected.get(name)
        return [
            {
                "value": option["slug"],
                "label": option["label"].get(language) or next(iter(option["label"].values())),
                "count": option["count"],
                "selected": current is not None and current.pk == option["pk"],
                "approximate": counted.approximate,
            }
            for option in counted[name][:FACET_LIMIT]
        ]

    years, files = tally_by_facet["year"], tally_by_facet["has_file"]
    return {
        "type": by_value("type", Publication.Type.choices),
        "year": [
            {"value": year, "count": n, "approximate": years.approximate}
            for year, n in sorted(years["year"].items(), reverse=True)
        ],
        "topic": related("topic"),
        "author": related("author"),
        "publisher": related("publisher"),
        "language": by_value("language", Language.choices),
        "has_file": {
            "count": files["has_file"],
            "selected": selected.get("has_file") == "yes",
            "approximate": files.approximate,
        },
    }
