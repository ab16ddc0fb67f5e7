"""One page of results: the candidates ranked, the page's hits, and previews of other kinds."""

from django.core.paginator import Paginator
from django.db.models import F, Max, Prefetch, Window
from django.db.models.functions import RowNumber

from core.db import among
from core.languages import translated
from core.text import CYRILLIC, LATIN
from people.models import Person
from publications.models import Authorship, Publication
from science_portal.models import SearchDocument
from science_portal.search.documents import (
    DISPLAY_FIELDS,
    best_snippets,
    document_hit,
    lead_in_page_language,
    render_snippet,
    visible_documents,
)
from science_portal.search.facets import publication_facets
from science_portal.search.filters import FACET_FILTERS, publication_filters
from science_portal.search.planning import SCORE, candidates_limit, publication_candidates
from science_portal.search.results import Hit, Kind, LazyHits

PREVIEW_SIZE = 3
# The previews of the other kinds show the best of their most recent candidates (ranking
# reads each row's vector: a teaser need not rank a thousand events).
PREVIEW_POOL = 100


# What a hit shows of its publication and of each author (long texts such as the authors'
# biographies are not read: a page of twenty hits saves 4 ms).
HIT_FIELDS = (
    "slug",
    "type",
    "year",
    "status",
    "published_at",
    *(f"{field}_{code}" for field in ("title", "abstract") for code in ("ru", "en")),
)
AUTHOR_FIELDS = (
    "publication_id",
    "role",
    "order",
    "person__slug",
    "person__status",
    *(
        f"person__{part}_{script}"
        for part in ("family_name", "given_name", "patronymic")
        for script in (CYRILLIC, LATIN)
    ),
)


def ranked(documents, backend):
    """Publication ids, best first: a publication's score is its best row's (itself or a file)."""
    return (
        documents.order_by()
        .values("object_id")
        .annotate(score=Max(backend.rank()))
        .order_by("-score", "object_id")
        .values_list("object_id", flat=True)
    )


def best_first(rows, backend):
    """The candidates' publication ids, best first, as ``ranked`` orders them: from the
    scores the candidates query gave (a walk), else ranked by one query (sliced lazily)."""
    if not rows or rows[0][SCORE] is None:
        return ranked(SearchDocument.objects.filter(among("pk", [row[0] for row in rows])), backend)
    best = {}
    for row in rows:
        if row[1] not in best or row[SCORE] > best[row[1]]:
            best[row[1]] = row[SCORE]
    return sorted(best, key=lambda pk: (-best[pk], pk))


def publication_page(results, matched, backend, rows, page, size):
    filters = results.filters
    if any(name in filters for name in FACET_FILTERS):
        select = publication_filters(backend, filters, results.ignored)
        rows, more = publication_candidates(backend, select, candidates_limit())
        results.capped["filtered"] = more
    else:
        results.capped["filtered"] = results.capped[Kind.PUBLICATION]
    results.facets = publication_facets(rows, filters)
    total = len({row[1] for row in rows})
    order = best_first(rows, backend)

    def fetch(start, stop):
        return _publication_hits(list(order[start:stop]), matched, backend)

    results.page = Paginator(LazyHits(total, fetch), size).get_page(page)


def _publication_hits(ids, matched, backend):
    if not ids:
        return []
    publications = {
        p.pk: p
        for p in Publication.objects.published()
        .filter(pk__in=ids)
        .only(*HIT_FIELDS)
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.filter(Person.public_q("person__"))
                .select_related("person")
                .only(*AUTHOR_FIELDS)
                .order_by("order", "pk"),
            )
        )
    }
    rows = backend.snippets(
        matched.filter(kind__in=[Kind.PUBLICATION, Kind.FILE], object_id__in=ids)
        | visible_documents().filter(kind=Kind.PUBLICATION, object_id__in=ids)
    )
    snippets = best_snippets(rows)
    # The labels once, not get_type_display() a hit (it hashes the choices each call: 2 ms).
    type_labels = dict(Publication.Type.choices)
    hits = []
    for pk in ids:
        publication = publications.get(pk)
        if publication is None:  # Unpublished between the two queries.
            continue
        snippet, source = snippets.get(pk, ("", ""))
        if not source:
            abstract = translated(publication, "abstract", fallback=False)
            snippet = lead_in_page_language(snippet, abstract)
        hits.append(
            Hit(
                kind=Kind.PUBLICATION,
                object_id=pk,
                title=publication.title,
                url=publication.get_absolute_url(),
                meta=f"{type_labels.get(publication.type, publication.type)}, {publication.year}",
                snippet=render_snippet(snippet),
                snippet_file=source,
                publication=publication,
            )
        )
    return hits


def kind_page(results, backend, rows, page, size):
    documents = SearchDocument.objects.filter(among("pk", [row[0] for row in rows]))

    def fetch(start, stop):
        found = list(
            documents.annotate(score=backend.rank())
            .order_by("-score", "title_norm", "pk")
            .only(*DISPLAY_FIELDS)[start:stop]
        )
        snippets = best_snippets(backend.snippets(documents.filter(pk__in=[r.pk for r in found])))
        return [document_hit(row, snippets.get(row.object_id, ("", ""))[0]) for row in found]

    results.page = Paginator(LazyHits(len(rows), fetch), size).get_page(page)


def previews(backend, pks):
    """The best few results of each other kind, among their candidates (one query): ranked
    and numbered on the id and vector alone, the titles read for the chosen rows only."""
    if not pks:
        return {}
    order = [backend.rank().desc(), F("title_norm").asc(), F("pk").asc()]
    best = (
        SearchDocument.objects.filter(among("pk", pks))
        .annotate(position=Window(RowNumber(), partition_by=[F("kind")], order_by=order))
        .filter(position__lte=PREVIEW_SIZE)
        .values("pk")
    )
    rows = SearchDocument.objects.filter(pk__in=best).only(*DISPLAY_FIELDS).order_by("kind", *order)
    found = {}
    for row in rows:
        if row.kind == Kind.FILE:
            continue
        found.setdefault(row.kind, []).append(document_hit(row))
    return found
