"""Facet counts of the publication list that stay cheap however large the catalogue grows.

Three ways to count, chosen per facet by the rows it counts over (every active filter but
the facet's own):

- no filter: the counts of the whole public catalogue, kept in ``FacetSnapshot``. They are
  computed once, after any change that could move them (a publication, its authors,
  publishers, topics or files saved or deleted: see ``publications.signals``) or when a
  scheduled publication or an embargo's end comes due, and then read in one query;
- at most ``FACET_EXACT_LIMIT`` rows: counted exactly over those rows;
- more: counted over the ``FACET_EXACT_LIMIT`` most recently added of them and scaled to
  the number of rows, shown as approximate.

Whatever the catalogue's size, a list page runs a fixed number of queries, each bounded by
the limit or reading one row.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from people.models import Organization, Person
from publications.models import FacetSnapshot, Language, Publication, PublicationFile, Topic

# How many values of a related facet (topics, authors, publishers) the list offers.
FACET_LIMIT = 12
# How many of each related facet the snapshot keeps (more than shown: a filter may be on).
SNAPSHOT_RELATED = 100
RELATED = {"topic": Topic, "author": Person, "publisher": Organization}


@dataclasses.dataclass
class Tally:
    """Raw counts of one set of publications: values (or ids) to numbers."""

    total: int
    type: dict
    year: dict
    language: dict
    topic: dict
    author: dict
    publisher: dict
    has_file: int
    approximate: bool = False

    def scaled(self, factor):
        def scale(counts):
            return {key: max(1, round(n * factor)) for key, n in counts.items()}

        return dataclasses.replace(
            self,
            total=round(self.total * factor),
            type=scale(self.type),
            year=scale(self.year),
            language=scale(self.language),
            topic=scale(self.topic),
            author=scale(self.author),
            publisher=scale(self.publisher),
            has_file=round(self.has_file * factor),
            approximate=True,
        )

    def as_json(self):
        data = dataclasses.asdict(self)
        for name in ("year", "topic", "author", "publisher"):
            data[name] = [[key, n] for key, n in data[name].items()]
        return data

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        for name in ("year", "topic", "author", "publisher"):
            data[name] = dict(data[name])
        return cls(**data)


def _top(rows, limit):
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    return dict(ordered[:limit])


def tally(publications, *, related_limit=FACET_LIMIT):
    """Count a set of publications (a queryset of ids or a list of them) by every facet.

    Seven queries, each over the rows of the set only.
    """
    in_set = {"pk__in": publications}
    by_publication = Publication.objects.filter(**in_set).order_by()

    def values(field):
        rows = by_publication.values(field).annotate(n=Count("pk"))
        return {row[field]: row["n"] for row in rows}

    def related(model, path):
        rows = (
            model.objects.published()
            .filter(**{f"{path}__in": publications})
            .values("pk")
            .annotate(n=Count(path, distinct=True))
            .order_by()
            .values_list("pk", "n")
        )
        return _top(rows, related_limit)

    types = values("type")
    return Tally(
        total=sum(types.values()),
        type=types,
        year=values("year"),
        language=values("language"),
        topic=related(Topic, "publications"),
        author=related(Person, "authorships__publication"),
        publisher=related(Organization, "publisher_links__publication"),
        has_file=PublicationFile.objects.downloadable()
        .filter(publication__in=publications)
        .values("publication")
        .distinct()
        .count(),
    )


def bounded_tally(queryset):
    """Exact counts of ``queryset`` when it is small enough, else scaled from its newest rows.

    Two queries for a small set (its ids, then nothing more than ``tally``'s); three for a
    large one (its size as well).
    """
    limit = settings.FACET_EXACT_LIMIT
    ids = list(queryset.order_by("-pk").values_list("pk", flat=True)[: limit + 1])
    if len(ids) <= limit:
        return tally(ids)
    counted = tally(ids[:limit])
    return counted.scaled(queryset.count() / limit)


def catalogue_tally():
    """The counts of the whole public catalogue, from the snapshot (one query when fresh)."""
    now = timezone.now()
    snapshot = FacetSnapshot.objects.filter(pk=FacetSnapshot.CATALOGUE).first()
    if (
        snapshot is not None
        and not snapshot.dirty
        and (snapshot.valid_until is None or snapshot.valid_until > now)
    ):
        return Tally.from_json(snapshot.counts)
    return refresh_snapshot()


def refresh_snapshot():
    """Count the whole public catalogue again and keep the counts (about a second at 100,000).

    The row is claimed (``dirty`` cleared) before counting, so a change made meanwhile marks
    it dirty again and the next reader counts once more.
    """
    now = timezone.now()
    FacetSnapshot.objects.update_or_create(
        pk=FacetSnapshot.CATALOGUE, defaults={"dirty": False}, create_defaults={"counts": {}}
    )
    counted = tally(Publication.objects.published().values("pk"), related_limit=SNAPSHOT_RELATED)
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
        midnight = datetime.datetime.combine(embargo, datetime.time.min)
        moments.append(timezone.make_aware(midnight))
    return min(moments, default=None)


def mark_dirty():
    """Something public may have changed: the snapshot is counted again on the next read."""
    transaction.on_commit(lambda: FacetSnapshot.objects.filter(dirty=False).update(dirty=True))


def facet_options(tally_by_facet, selected):
    """The facets as the list template shows them, from one Tally per facet.

    One query per related facet with options, for the names (at most ``FACET_LIMIT`` rows).
    """

    def by_value(name, choices):
        counted = tally_by_facet[name]
        counts = getattr(counted, name)
        return [
            {
                "value": value,
                "label": label,
                "count": counts[value],
                "selected": selected.get(name) == value,
                "approximate": counted.approximate,
            }
            for value, label in choices
            if counts.get(value)
        ]

    def related(name):
        counted = tally_by_facet[name]
        top = _top(getattr(counted, name).items(), FACET_LIMIT)
        rows = RELATED[name].objects.filter(pk__in=list(top)).in_bulk() if top else {}
        current = selected.get(name)
        options = []
        for pk, n in top.items():
            if pk in rows:
                options.append(
                    {
                        "value": rows[pk].slug,
                        "label": str(rows[pk]),
                        "count": n,
                        "selected": current is not None and current.pk == pk,
                        "approximate": counted.approximate,
                    }
                )
        return options

    years = tally_by_facet["year"]
    files = tally_by_facet["has_file"]
    return {
        "type": by_value("type", Publication.Type.choices),
        "year": [
            {"value": year, "count": n, "approximate": years.approximate}
            for year, n in sorted(years.year.items(), reverse=True)
        ],
        "topic": related("topic"),
        "author": related("author"),
        "publisher": related("publisher"),
        "language": by_value("language", Language.choices),
        "has_file": {
            "count": files.has_file,
            "selected": selected.get("has_file") == "yes",
            "approximate": files.approximate,
        },
    }
