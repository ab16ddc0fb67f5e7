"""What a search returns: the results object with its hits and facets, and the kinds of results."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from publications.models import Publication
from science_portal.models import SearchDocument

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


def per_page():
    return getattr(settings, "SEARCH_RESULTS_PER_PAGE", getattr(settings, "PAGINATE_BY", 20))


def row_kinds(kind):
    """The kinds of index rows that stand for results of this kind (a file for its publication)."""
    return [Kind.PUBLICATION, Kind.FILE] if kind == Kind.PUBLICATION else [kind]


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
    # The query string that chooses the option, or removes it when selected (Facet.link).
    href: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return any(option.selected for option in self.options)

    def link(self, params):
        """Give each option its query string: the page's ``params`` (a QueryDict) with this
        facet set to the option, or left out when the option is the one selected, and no
        page number. What ``{% querystring %}`` gives, built once for the whole list."""
        pairs = [(key, values) for key, values in params.lists() if key != "page"]
        if self.name not in params:
            pairs.append((self.name, None))
        for option in self.options:
            chosen = None if option.selected else [option.value]
            query = [(key, chosen if key == self.name else values) for key, values in pairs]
            option.href = "?" + urlencode(
                [(key, values) for key, values in query if values is not None], doseq=True
            )


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


class LazyHits:
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
