"""PostgreSQL matching: tsvector/tsquery through the GIN index, ts_rank, ts_headline, trigrams."""

import copy

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q

from science_portal.search.documents import START, STOP
from science_portal.search.index import kind_lexeme
from science_portal.search.query import ParsedQuery
from science_portal.search.results import per_page, row_kinds


class PostgresBackend:
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
        marker = SearchQuery(kind_lexeme(kind), config="simple", search_type="raw")
        return queryset.filter(kind__in=row_kinds(kind), vector=marker)

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
