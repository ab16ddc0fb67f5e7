"""Searching the index: matching, ranking, grouping by kind, facets, snippets, suggestions.

PostgreSQL matches a weighted tsvector with a tsquery built from both the 'russian' and the
'english' configurations (plus the normalised name keys) and ranks with ts_rank; SQLite, the
quick start, matches lower-cased text by containment. Both give the same results object.
"""

import copy
import difflib
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Prefetch,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from people.models import Person
from publications.models import Authorship, Language, Publication, Topic
from science_portal.models import SearchDocument, SearchTerm
from science_portal.search.index import kind_lexeme
from science_portal.search.query import (
    ParsedQuery,
    clean_query,
    fallback_stem,
    name_tokens,
    normalise,
    parse,
)

Kind = SearchDocument.Kind

# Kinds of results, in the order the page shows them, with their labels and URL names.
KINDS = [
    (Kind.PUBLICATION, _("Publications"), "publications:detail"),
    (Kind.PERSON, _("People"), "people:person"),
    (Kind.ORGANIZATION, _("Organisations"), "people:organization"),
    (Kind.TOPIC, _("Topics"), "publications:topic"),
    (Kind.EVENT, _("Events"), "events:detail"),
]
KIND_LABELS = {kind: label for kind, label, _url in KINDS}
URL_NAMES = {kind: url for kind, _label, url in KINDS}
# Suggestions as you type: people first, then topics, organisations, publications, events.
SUGGEST_ORDER = [Kind.PERSON, Kind.TOPIC, Kind.ORGANIZATION, Kind.PUBLICATION, Kind.EVENT]
PREVIEW_SIZE = 3
# The previews of the other kinds show the best of their most recent candidates (ranking
# reads each row's vector: a teaser need not rank a thousand events).
PREVIEW_POOL = 100
# At most this many matching rows of each kind are ranked and counted (the most recent).
CANDIDATES = 1000
DISPLAY_FIELDS = (
    "kind",
    "object_id",
    "source_id",
    "slug",
    "title_ru",
    "title_en",
    "meta_ru",
    "meta_en",
)
TOPIC_FACET_SIZE = 12
# Markers ts_headline puts around matches; control characters never stored in the index.
START, STOP = "\x01", "\x02"
SNIPPET_LENGTH = 260


def per_page():
    return getattr(settings, "SEARCH_RESULTS_PER_PAGE", getattr(settings, "PAGINATE_BY", 20))


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    meta: str = ""
    snippet: str = ""
    # The label of the file whose text the snippet comes from, if it does.
    snippet_file: str = ""
    publication: Publication | None = None


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return any(option.selected for option in self.options)


@dataclass
class Results:
    query: str
    kind: str = Kind.PUBLICATION
    counts: dict = field(default_factory=dict)
    # Kinds with more matches than were counted ("more than"); "filtered": the current list.
    capped: dict = field(default_factory=dict)
    page: object = None
    previews: dict = field(default_factory=dict)
    facets: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    ignored: list = field(default_factory=list)
    suggestion: str = ""

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def hits(self):
        return list(self.page.object_list) if self.page is not None else []

    @property
    def groups(self):
        """Every kind with its label and count, for the tabs."""
        return [
            {
                "kind": kind,
                "label": label,
                "count": self.counts.get(kind, 0),
                "more": self.capped.get(kind, False),
            }
            for kind, label, _url in KINDS
        ]

    @property
    def preview_groups(self):
        return [
            {
                "kind": kind,
                "label": label,
                "count": self.counts.get(kind, 0),
                "more": self.capped.get(kind, False),
                "hits": hits,
            }
            for kind, label, _url in KINDS
            if (hits := self.previews.get(kind))
        ]

    @property
    def filtered_total(self):
        return self.page.paginator.count if self.page is not None else 0

    @property
    def more(self):
        """Whether the current list holds only the most recent of more matches."""
        if self.kind == Kind.PUBLICATION:
            return self.capped.get("filtered", False)
        return self.capped.get(self.kind, False)


# --- Filters ----------------------------------------------------------------------------------


def read_filters(params):
    """The valid facet filters among request parameters, and messages about the others."""
    filters, ignored = {}, []
    kind = (params.get("kind") or "").strip()
    if kind:
        if kind in KIND_LABELS:
            filters["kind"] = kind
        else:
            ignored.append(_("The kind of result “%(value)s” is unknown.") % {"value": kind[:40]})
    value = (params.get("type") or "").strip()
    if value:
        if value in Publication.Type.values:
            filters["type"] = value
        else:
            ignored.append(_("The type “%(value)s” is unknown.") % {"value": value[:40]})
    value = (params.get("year") or "").strip()
    if value:
        if re.fullmatch(r"[0-9]{4}", value) and 1800 <= int(value) <= 2100:
            filters["year"] = int(value)
        else:
            ignored.append(_("The year “%(value)s” is not valid.") % {"value": value[:40]})
    value = (params.get("language") or "").strip()
    if value:
        if value in Language.values:
            filters["language"] = value
        else:
            ignored.append(_("The language “%(value)s” is unknown.") % {"value": value[:40]})
    value = (params.get("topic") or "").strip()
    if value:
        if re.fullmatch(r"[-a-zA-Z0-9_]{1,120}", value):
            filters["topic"] = value
        else:
            ignored.append(_("The topic “%(value)s” is unknown.") % {"value": value[:40]})
    return filters, ignored


# --- Matching ---------------------------------------------------------------------------------


class _Postgres:
    """Full-text matching with tsvector/tsquery, ranking with ts_rank."""

    def __init__(self, parsed, tokens):
        self.parsed = parsed
        self.tsquery = self._tsquery(parsed, tokens)

        # Phrases (words in order) are checked on the vector itself, row by row, which the GIN
        # index cannot bound; the same query with each phrase's words in any order can be.
        phrases = any(len(term.words) > 1 for term in parsed.positive_terms)
        self.loose = self._tsquery(parsed, tokens, loose=True) if phrases else None
        # A bounded check that found fewer rows than this looks through all the matches.
        self.min_found = 1
        # Exclusions: the rows holding the wanted words, which a walk of the recency index
        # can bound (the groups with an exclusion dropped: a superset of the matches).
        self.wanted = None
        if any(term.negated for term in parsed.terms):
            groups = [g for g in parsed.groups if not any(term.negated for term in g)]
            if groups:
                self.wanted = self._tsquery(ParsedQuery(groups=groups), tokens, loose=True)

    @staticmethod
    def _term(term, loose=False):
        search_type = "plain" if loose and not term.negated else "phrase"
        ru = SearchQuery(term.text, config="russian", search_type=search_type)
        en = SearchQuery(term.text, config="english", search_type=search_type)
        return (~ru & ~en) if term.negated else (ru | en)

    def _tsquery(self, parsed, tokens, loose=False):
        combined = None
        for group in parsed.groups:
            either = None
            for term in group:
                part = self._term(term, loose)
                either = part if either is None else either | part
            combined = either if combined is None else combined & either
        if tokens:
            # Names in any spelling: the normalised keys (whole words: the planner estimates
            # them well; suggestions as you type match beginnings).
            raw = " & ".join(tokens)
            names = SearchQuery(raw, config="simple", search_type="raw")
            combined = names if combined is None else combined | names
        return combined

    def match(self, queryset):
        return queryset.filter(vector=self.tsquery)

    def match_loose(self, queryset):
        """A superset of ``match`` that the GIN index answers without reading vectors (the
        phrases' words in any order), or None when the query has no phrase."""
        if self.loose is None:
            return None
        return queryset.filter(vector=self.loose)

    def exact(self):
        """The same matching without the bounded phrase check."""
        unbounded = copy.copy(self)
        unbounded.loose = None
        return unbounded

    def for_walk(self):
        """The matching to use when walking the recency index: a query with exclusions is
        checked on the most recent rows holding its wanted words, and looks through all the
        matches through the GIN index if that finds less than a page."""
        if self.wanted is None:
            return self
        bounded = copy.copy(self)
        bounded.loose = self.wanted
        bounded.min_found = per_page()
        return bounded

    def matches(self):
        """Whether a row matches the query exactly, as a value (for rows of match_loose)."""
        return ExpressionWrapper(Q(vector=self.tsquery), output_field=BooleanField())

    @staticmethod
    def of_kind(queryset, kind):
        """Rows of a kind, selected inside the GIN index by the kind's own word."""
        kinds = [Kind.PUBLICATION, Kind.FILE] if kind == Kind.PUBLICATION else [kind]
        marker = SearchQuery(kind_lexeme(kind), config="simple", search_type="raw")
        return queryset.filter(kind__in=kinds, vector=marker)

    @staticmethod
    def of_kinds(queryset, kinds):
        """Rows of any of these kinds (not publications), selected inside the GIN index."""
        markers = None
        for kind in kinds:
            marker = SearchQuery(kind_lexeme(kind), config="simple", search_type="raw")
            markers = marker if markers is None else markers | marker
        return queryset.filter(kind__in=kinds, vector=markers)

    def rank(self):
        return SearchRank(F("vector"), self.tsquery)

    def snippets(self, documents):
        """{(kind, object_id, source_id): snippet with markers} for these rows."""
        rows = documents.annotate(
            snippet=SearchHeadline(
                "body",
                self.tsquery,
                config="russian",
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                short_word=2,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        ).values_list("kind", "object_id", "source_id", "snippet", "title_ru", "title_en")
        return list(rows)

    def correct(self, words):
        """The nearest vocabulary term of each word (trigram similarity); the word if none."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT w.word, t.term
                FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, n)
                LEFT JOIN LATERAL (
                    SELECT term FROM science_portal_searchterm
                    WHERE term %% w.word
                    ORDER BY term <-> w.word, documents DESC
                    LIMIT 1
                ) t ON true
                ORDER BY w.n
                """,
                [words],
            )
            return [term or word for word, term in cursor.fetchall()]


class _Fallback:
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
        kinds = [Kind.PUBLICATION, Kind.FILE] if kind == Kind.PUBLICATION else [kind]
        return queryset.filter(kind__in=kinds)

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


def _backend(parsed, tokens):
    if connection.vendor == "postgresql":
        return _Postgres(parsed, tokens)
    return _Fallback(parsed, tokens)


def render_snippet(text):
    """Escape a snippet and turn its markers into <mark> (the only HTML it may carry)."""
    if not text:
        return ""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    # Escaped above: the only tags are our own <mark>s.
    return mark_safe(html)


def visible_documents():
    """What the public may find now (a scheduled publication or an embargo ends by itself)."""
    return SearchDocument.objects.filter(public_from__lte=timezone.now())


def _title(row_ru, row_en):
    if translation.get_language() == "en":
        return row_en or row_ru
    return row_ru or row_en


def document_url(kind, slug):
    try:
        return reverse(URL_NAMES.get(kind, "publications:detail"), kwargs={"slug": slug})
    except NoReverseMatch:
        return ""


# --- Search -----------------------------------------------------------------------------------


class _LazyHits:
    """A sequence whose length is known and whose pages are fetched on demand (Paginator)."""

    def __init__(self, total, fetch):
        self.total = total
        self.fetch = fetch

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        if isinstance(item, slice):
            return self.fetch(item.start or 0, item.stop if item.stop is not None else self.total)
        return self.fetch(item, item + 1)[0]


def candidates_limit():
    return getattr(settings, "SEARCH_CANDIDATES", CANDIDATES)


# Walking the recency index pays when at least this share of the rows it passes match.
# Measured at 100,000 publications: a walk costs about 8 µs per row passed (it reads each
# row's vector from TOAST), the GIN index about 1 µs per matching row (it reads no vector):
# 1,000 candidates cost 8.4 ms / density walking and 91 ms × density through the GIN index.
WALK_DENSITY = 0.3


@contextmanager
def _through_the_search_index(parsed, *, walk=True):
    """Make PostgreSQL reach matching rows through an index, never a table scan.

    The GIN index answers a match exactly without reading any vector, so its work is bounded
    by the number of matches. Walking the recency index instead tests the match on each row
    it passes (reading the vector from TOAST, a cost the planner does not see): fast when
    nearly everything matches, slow otherwise. The planner underrates that cost and walks
    when a tenth of the rows match (a common surname: 115 ms instead of 8), so the caller
    decides (_walk_pays). A walk for exclusions, whose matches the planner overestimates,
    reads only the most recent rows holding the wanted words (_Postgres.for_walk). Only
    publications may walk: the other kinds are few, and at the old end of the recency index.
    """
    if connection.vendor != "postgresql":
        yield
        return
    settings_sql = "SET LOCAL enable_seqscan = off"
    if not walk:
        settings_sql += "; SET LOCAL enable_indexscan = off"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(settings_sql)
        yield


RECENT = ("-public_from", "-pk")
# A candidate row: its id, its result's id, and the publication facets it counts in (heap
# columns, read at no cost with the row: the facets are counted from the candidates).
CANDIDATE_FIELDS = ("pk", "object_id", "pub_type", "year", "language")
FACET_FIELDS = CANDIDATE_FIELDS[2:]


def _candidates(backend, select, limit):
    """The ids of at most ``limit`` matching rows, the most recently public first, and
    whether there were more (run within _through_the_search_index).

    ``select`` narrows matching rows (a kind, facet filters). A phrase is checked only on the
    most recent ``limit`` rows holding all its words: a common pair of words ("risk
    management") would otherwise have its word order checked on every row holding both.
    When that bound is reached, the count says "more than".
    """
    candidates, bounded = _candidates_query(backend, select, limit)
    rows = list(candidates)
    if not bounded:
        return rows[:limit], len(rows) > limit
    found = [row[:-1] for row in rows if row[-1]]
    if len(found) >= backend.min_found or len(rows) < limit:
        return found, len(rows) >= limit
    # None of the most recent rows holding the words has the phrase: an existing phrase is
    # never reported missing, so look through all of them, through the GIN index (slow for
    # a phrase of common words, and rare).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
    return _candidates(backend.exact(), select, limit)


def _candidates_query(backend, select, limit):
    """The query of _candidates, and whether it reads a phrase's bounded superset."""
    loose = backend.match_loose(visible_documents())
    if loose is None:
        documents = select(backend.match(visible_documents()))
        rows = documents.order_by(*RECENT).values_list(*CANDIDATE_FIELDS)
        return rows[: limit + 1], False
    documents = select(loose).order_by(*RECENT).annotate(exact=backend.matches())
    return documents.values_list(*CANDIDATE_FIELDS, "exact")[:limit], True


def _walk_pays(backend, select):
    """Whether walking the recency index is cheaper than the GIN index for these rows: the
    planner's estimates of the matching rows and of all the rows (one EXPLAIN, not run)."""
    if connection.vendor != "postgresql":
        return False
    matching = backend.for_walk().match_loose(visible_documents())
    if matching is None:
        matching = backend.match(visible_documents())
    both = (
        select(matching)
        .order_by()
        .values("pk")
        .union(select(visible_documents()).order_by().values("pk"), all=True)
    )
    estimates = []

    def visit(node):
        if node.get("Node Type") == "Append":
            estimates.extend(child.get("Plan Rows", 0) for child in node.get("Plans", []))
            return
        for child in node.get("Plans", []):
            visit(child)

    try:
        visit(json.loads(both.explain(format="json"))[0]["Plan"])
    except (ValueError, LookupError, TypeError):
        return True  # Let the planner choose, as before.
    if len(estimates) != 2 or not estimates[1]:
        return True
    return estimates[0] >= WALK_DENSITY * estimates[1]


def _other_candidates(backend, kinds, limit):
    """_candidates of several kinds in one query (run within _through_the_search_index, not
    walking): {kind: (rows, more)}."""
    loose = backend.match_loose(visible_documents())
    bounded = loose is not None
    base = loose if bounded else backend.match(visible_documents())
    window = limit if bounded else limit + 1
    chosen = (
        backend.of_kinds(base, kinds)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("kind")],
                order_by=[F("public_from").desc(), F("pk").desc()],
            )
        )
        .filter(position__lte=window)
        .values("pk")
    )
    documents = SearchDocument.objects.filter(pk__in=chosen).order_by("kind", *RECENT)
    if bounded:
        documents = documents.annotate(exact=backend.matches())
    else:
        documents = documents.annotate(exact=Value(True, output_field=BooleanField()))
    found = {kind: [] for kind in kinds}
    for kind, pk, object_id, exact in documents.values_list("kind", "pk", "object_id", "exact"):
        found[kind].append((pk, object_id, exact))
    candidates = {}
    for kind, rows in found.items():
        exact = [(pk, object_id) for pk, object_id, is_exact in rows if is_exact]
        if not bounded:
            candidates[kind] = exact[:limit], len(rows) > limit
        elif exact or len(rows) < limit:
            candidates[kind] = exact, len(rows) >= limit
        else:  # As in _candidates: an existing phrase is never reported missing.
            candidates[kind] = _candidates(
                backend.exact(),
                lambda documents, kind=kind: backend.of_kind(documents, kind),
                limit,
            )
    return candidates


def search(query, *, params=None, page=1, size=None):
    """Search everything public for ``query``: a Results object (an empty query finds nothing).

    ``params`` holds the visitor's filters (kind, type, year, language, topic); unknown values
    are ignored and listed in ``Results.ignored``. When more rows of a kind match than the
    candidates limit (setting SEARCH_CANDIDATES), the most recent ones are ranked and
    counted, and the count says "more than".
    """
    query = clean_query(query)
    filters, ignored = read_filters(params or {})
    results = Results(query=query, filters=filters, ignored=ignored)
    parsed = parse(query)
    if parsed.is_empty:
        return results
    tokens = name_tokens(query, parsed)
    backend = _backend(parsed, tokens)
    matched = backend.match(visible_documents())
    limit = candidates_limit()

    candidates = {}

    def publications(documents):
        return backend.of_kind(documents, Kind.PUBLICATION)

    walk = _walk_pays(backend, publications)
    with _through_the_search_index(parsed, walk=walk):
        candidates[Kind.PUBLICATION], results.capped[Kind.PUBLICATION] = _candidates(
            backend.for_walk() if walk else backend, publications, limit
        )
    with _through_the_search_index(parsed, walk=False):
        others = _other_candidates(backend, [kind for kind, _label, _url in KINDS[1:]], limit)
    for kind, (rows, more) in others.items():
        candidates[kind], results.capped[kind] = rows, more
    for kind, rows in candidates.items():
        results.counts[kind] = len({row[1] for row in rows})
    if not results.total:
        results.suggestion = _did_you_mean(query, backend)
        return results

    kind = filters.get("kind")
    if kind is None:
        kind = next(k for k, _label, _url in KINDS if results.counts[k])
    results.kind = kind
    size = size or per_page()
    if kind == Kind.PUBLICATION:
        _publication_page(results, matched, backend, candidates[kind], page, size)
    else:
        _kind_page(results, backend, candidates[kind], page, size)
    others = [k for k, _label, _url in KINDS if k != kind and results.counts[k]]
    results.previews = _previews(
        backend, [row[0] for k in others for row in candidates[k][:PREVIEW_POOL]]
    )
    return results


def _publication_filters(backend, filters, ignored):
    """A function narrowing rows to publications (their own and their files') under the
    facet filters; the topic is looked up once, here."""
    topic = None
    if "topic" in filters:
        topic = Topic.objects.published().filter(slug=filters["topic"]).first()
        if topic is None:
            ignored.append(_("The topic “%(value)s” is unknown.") % {"value": filters["topic"]})
            del filters["topic"]
        else:
            filters["topic_name"] = topic.name

    def select(matched):
        documents = backend.of_kind(matched, Kind.PUBLICATION)
        if "type" in filters:
            documents = documents.filter(pub_type=filters["type"])
        if "year" in filters:
            documents = documents.filter(year=filters["year"])
        if "language" in filters:
            documents = documents.filter(language=filters["language"])
        if topic is not None:
            documents = documents.filter(
                object_id__in=Publication.topics.through.objects.filter(topic=topic).values(
                    "publication_id"
                )
            )
        return documents

    return select


FACET_FILTERS = ("type", "year", "language", "topic")


def _publication_page(results, matched, backend, rows, page, size):
    filters = results.filters
    if any(name in filters for name in FACET_FILTERS):
        select = _publication_filters(backend, filters, results.ignored)
        walk = _walk_pays(backend, select)
        with _through_the_search_index(backend.parsed, walk=walk):
            rows, more = _candidates(
                backend.for_walk() if walk else backend, select, candidates_limit()
            )
        results.capped["filtered"] = more
    else:
        results.capped["filtered"] = results.capped[Kind.PUBLICATION]
    pks = [row[0] for row in rows]
    subset = SearchDocument.objects.filter(pk__in=pks)
    results.facets = _facets(rows, filters)
    total = len({row[1] for row in rows})

    def fetch(start, stop):
        ranked = list(_ranked(subset, backend)[start:stop])
        return _publication_hits(ranked, matched, backend)

    results.page = Paginator(_LazyHits(total, fetch), size).get_page(page)


def _ranked(documents, backend):
    """Publication ids, best first: a publication's score is its best row's (itself or a file)."""
    return (
        documents.order_by()
        .values("object_id")
        .annotate(score=Max(backend.rank()))
        .order_by("-score", "object_id")
        .values_list("object_id", flat=True)
    )


def ranked_publications(query, *, params=None):
    """The main query of the results page (ids of matching publications, best first), for
    benchmarks and EXPLAIN: the candidates query, then ranking within the candidates."""
    parsed = parse(clean_query(query))
    filters, ignored = read_filters(params or {})
    backend = _backend(parsed, name_tokens(query, parsed))
    select = _publication_filters(backend, filters, ignored)
    walk = _walk_pays(backend, select)
    with _through_the_search_index(parsed, walk=walk):
        rows, _more = _candidates(
            backend.for_walk() if walk else backend, select, candidates_limit()
        )
    return _ranked(SearchDocument.objects.filter(pk__in=[row[0] for row in rows]), backend)


def explain_main_query(query, *, params=None):
    """EXPLAIN (ANALYZE, BUFFERS) of the two steps of the main query (PostgreSQL), as run:
    choosing the candidates, then ranking them."""
    parsed = parse(clean_query(query))
    filters, _ignored = read_filters(params or {})
    backend = _backend(parsed, name_tokens(query, parsed))
    limit = candidates_limit()
    select = _publication_filters(backend, filters, [])
    walk = _walk_pays(backend, select)
    if walk:
        backend = backend.for_walk()
    with _through_the_search_index(parsed, walk=walk):
        choose, _bounded = _candidates_query(backend, select, limit)
        plan = choose.explain(analyze=True, buffers=True)
        rows, _more = _candidates(backend, select, limit)
    ranked = _ranked(SearchDocument.objects.filter(pk__in=[row[0] for row in rows]), backend)
    return plan, ranked[:20].explain(analyze=True, buffers=True)


def _publication_hits(ids, matched, backend):
    if not ids:
        return []
    publications = {
        p.pk: p
        for p in Publication.objects.published()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.filter(Person.public_q("person__"))
                .select_related("person")
                .order_by("order", "pk"),
            )
        )
    }
    rows = backend.snippets(
        matched.filter(kind__in=[Kind.PUBLICATION, Kind.FILE], object_id__in=ids)
        | visible_documents().filter(kind=Kind.PUBLICATION, object_id__in=ids)
    )
    snippets = _best_snippets(rows)
    hits = []
    for pk in ids:
        publication = publications.get(pk)
        if publication is None:  # Unpublished between the two queries.
            continue
        snippet, source = snippets.get(pk, ("", ""))
        hits.append(
            Hit(
                kind=Kind.PUBLICATION,
                object_id=pk,
                title=publication.title,
                url=publication.get_absolute_url(),
                meta=f"{publication.get_type_display()}, {publication.year}",
                snippet=render_snippet(snippet),
                snippet_file=source,
                publication=publication,
            )
        )
    return hits


def _best_snippets(rows):
    """Per result, the snippet that shows a match: its own text first, then a file's text."""
    best = {}
    for kind, object_id, _source_id, snippet, title_ru, title_en in rows:
        if not snippet:
            continue
        has_match = START in snippet
        is_file = kind == Kind.FILE
        score = (has_match, not is_file)
        current = best.get(object_id)
        if current is None or score > current[0]:
            source = _title(title_ru, title_en) if is_file and has_match else ""
            best[object_id] = (score, snippet, source)
    return {key: (value[1], value[2]) for key, value in best.items()}


def _kind_page(results, backend, rows, page, size):
    documents = SearchDocument.objects.filter(pk__in=[row[0] for row in rows])

    def fetch(start, stop):
        found = list(
            documents.annotate(score=backend.rank())
            .order_by("-score", "title_norm", "pk")
            .only(*DISPLAY_FIELDS)[start:stop]
        )
        snippets = _best_snippets(backend.snippets(documents.filter(pk__in=[r.pk for r in found])))
        return [_document_hit(row, snippets.get(row.object_id, ("", ""))[0]) for row in found]

    results.page = Paginator(_LazyHits(len(rows), fetch), size).get_page(page)


def _document_hit(row, snippet=""):
    return Hit(
        kind=row.kind,
        object_id=row.object_id,
        title=_title(row.title_ru, row.title_en),
        url=document_url(row.kind, row.slug),
        meta=_title(row.meta_ru, row.meta_en),
        snippet=render_snippet(snippet),
    )


def _previews(backend, pks):
    """The best few results of each other kind, among their candidates (one query): ranked
    and numbered on the id and vector alone, the titles read for the chosen rows only."""
    if not pks:
        return {}
    order = [backend.rank().desc(), F("title_norm").asc(), F("pk").asc()]
    best = (
        SearchDocument.objects.filter(pk__in=pks)
        .annotate(position=Window(RowNumber(), partition_by=[F("kind")], order_by=order))
        .filter(position__lte=PREVIEW_SIZE)
        .values("pk")
    )
    rows = SearchDocument.objects.filter(pk__in=best).only(*DISPLAY_FIELDS).order_by("kind", *order)
    previews = {}
    for row in rows:
        if row.kind == Kind.FILE:
            continue
        previews.setdefault(row.kind, []).append(_document_hit(row))
    return previews


def _facets(rows, filters):
    """Counts of the candidate publications by type, year, language (from the candidate rows,
    no query) and topic (one query)."""
    found = {name: {} for name in FACET_FIELDS}
    for row in rows:
        for name, value in zip(FACET_FIELDS, row[2:], strict=True):
            if value not in (None, ""):
                found[name].setdefault(str(value), set()).add(row[1])
    counts = {name: [(v, len(ids)) for v, ids in values.items()] for name, values in found.items()}
    publication_ids = {row[1] for row in rows}
    type_labels = dict(Publication.Type.choices)
    language_labels = dict(Language.choices)
    selected_type = filters.get("type", "")
    selected_year = str(filters.get("year", ""))
    selected_language = filters.get("language", "")
    type_facet = Facet(
        "type",
        _("Type"),
        [
            FacetOption(v, str(type_labels.get(v, v)), n, v == selected_type)
            for v, n in sorted(counts["pub_type"], key=lambda item: (-item[1], item[0]))
        ],
    )
    year_facet = Facet(
        "year",
        _("Year"),
        [
            FacetOption(v, v, n, v == selected_year)
            for v, n in sorted(counts["year"], key=lambda item: item[0], reverse=True)
        ],
    )
    language_facet = Facet(
        "language",
        _("Language"),
        [
            FacetOption(v, str(language_labels.get(v, v)), n, v == selected_language)
            for v, n in sorted(counts["language"], key=lambda item: (-item[1], item[0]))
        ],
    )
    topics = (
        Topic.objects.published()
        .filter(publications__in=publication_ids)
        .annotate(n=Count("publications", distinct=True))
        .order_by("-n", "name")[:TOPIC_FACET_SIZE]
    )
    topic_facet = Facet(
        "topic",
        _("Topic"),
        [FacetOption(t.slug, t.name, t.n, t.slug == filters.get("topic")) for t in topics],
    )
    return [type_facet, year_facet, language_facet, topic_facet]


def _did_you_mean(query, backend):
    """Nearest real terms for a query that found nothing: "digitl custms" → "digital customs"."""
    found = [word for word in normalise(query).split() if len(word) >= 3][:6]
    if not found:
        return ""
    corrected = backend.correct(found)
    if corrected == found:
        return ""
    return " ".join(corrected)


# --- Suggestions as you type ------------------------------------------------------------------


def suggest(query, *, limit=8):
    """A few titles and names that start like what is being typed, for the header box."""
    query = clean_query(query)
    text = normalise(query)
    tokens = name_tokens(query)
    if len(text.replace(" ", "")) < 3:
        return []
    words = text.split()[:5]
    title_match = Q()
    for word in words:
        title_match &= Q(title_norm__contains=word)
    condition = title_match
    if tokens and any(len(token) >= 3 for token in tokens):
        name_match = Q()
        for token in tokens:
            name_match &= Q(names__contains=f" {token}")
        condition |= name_match & Q(kind=Kind.PERSON)
    order = Case(
        *(When(kind=kind, then=Value(position)) for position, kind in enumerate(SUGGEST_ORDER)),
        default=Value(9),
    )
    rows = (
        visible_documents()
        .filter(condition)
        .exclude(kind=Kind.FILE)
        .annotate(position=order)
        .only(
            "kind", "object_id", "source_id", "slug", "title_ru", "title_en", "meta_ru", "meta_en"
        )
        .order_by("position", "title_norm")[: limit * 2]
    )
    hits, seen = [], set()
    for row in rows:
        if (row.kind, row.object_id) in seen:
            continue
        seen.add((row.kind, row.object_id))
        hit = _document_hit(row)
        hits.append(
            {
                "kind": row.kind,
                "kind_label": str(KIND_LABELS.get(row.kind, "")),
                "label": hit.title,
                "meta": hit.meta,
                "url": hit.url,
            }
        )
    return hits[:limit]
