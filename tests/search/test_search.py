"""What a visitor finds: morphology, syntax, names, typos, files, and never a draft."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone, translation

from core import publishing
from core.publishing import Visibility
from events.models import Event
from people.models import Person
from publications.models import PublicationFile
from publications.pdf import simple_pdf
from science_portal import search
from science_portal.models import SearchDocument
from science_portal.search.backends import backend_for as _backend
from science_portal.search.pages import best_first, ranked
from science_portal.search.planning import SCORE, publication_candidates
from science_portal.search.planning import walk_pays as _walk_pays
from science_portal.search.query import parse
from science_portal.search.results import Kind
from tests.events.factories import EventFactory, SpeakerFactory, TalkFactory
from tests.people.factories import PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
)

from .conftest import postgres_only

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.title for hit in results.hits]


def slugs(results):
    return {hit.publication.slug for hit in results.hits if hit.publication}


def pdf_file(publication, lines, **kwargs):
    return PublicationFileFactory(publication=publication, content=simple_pdf(lines), **kwargs)


# --- Morphology -------------------------------------------------------------------------------


def test_russian_inflections_meet():
    PublicationFactory(title="Таможенный кодекс ЕАЭС", title_en="", slug="code")
    PublicationFactory(title="Налоговый кодекс", title_en="", slug="tax")
    results = search.search("таможенного")
    assert titles(results) == ["Таможенный кодекс ЕАЭС"]


def test_english_inflections_meet():
    PublicationFactory(title="Доклад", title_en="Advanced customs technology", slug="tech")
    PublicationFactory(title="Доклад 2", title_en="Customs statistics", slug="stats")
    with translation.override("en"):
        results = search.search("customs technologies")
    assert titles(results) == ["Advanced customs technology"]


@postgres_only
def test_russian_stemming_relates_customs_words():
    PublicationFactory(title="Таможня и бизнес", title_en="", slug="t1")
    results = search.search("таможни")
    assert titles(results) == ["Таможня и бизнес"]


# --- Web-search syntax ------------------------------------------------------------------------


@pytest.fixture
def three():
    return [
        PublicationFactory(title="Digital customs in Eurasia", title_en="", slug="a"),
        PublicationFactory(title="Customs of the digital age", title_en="", slug="b"),
        PublicationFactory(title="Risk management in customs", title_en="", slug="c"),
    ]


def test_quoted_phrase_keeps_word_order(three):
    assert slugs(search.search('"digital customs"')) == {"a"}
    assert slugs(search.search("digital customs")) == {"a", "b"}


def test_or_accepts_either(three):
    assert slugs(search.search("eurasia OR risk")) == {"a", "c"}


def test_minus_excludes(three):
    assert slugs(search.search("customs -digital")) == {"c"}
    assert slugs(search.search("customs -eurasia -risk")) == {"b"}


@postgres_only
def test_exclusion_holds_in_both_languages():
    PublicationFactory(title="Таможенный контроль", title_en="Customs control", slug="x")
    PublicationFactory(title="Контроль качества", title_en="Quality control", slug="y")
    assert slugs(search.search("control -таможенный")) == {"y"}
    assert slugs(search.search("контроль -customs")) == {"y"}


# --- Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling", ["Moser", "Mozer", "Мозер", "mozer s", "С. Мозер", "Sergei Moser", "MOSER"]
)
def test_names_in_any_spelling_find_the_person_and_his_works(spelling, monograph, sergei):
    PersonFactory(family_name_cyr="Мозговой", family_name_lat="Mozgovoi", slug="other")
    results = search.search(spelling)
    assert results.counts["person"] == 1
    assert [hit.title for hit in results.previews["person"]] == ["Мозер Сергей"]
    assert slugs(results) == {"digital-customs-wco-experience"}


def test_a_speaker_name_finds_the_event(sergei):
    event = EventFactory(title="Летняя школа", title_en="Summer school", slug="school")
    SpeakerFactory(talk=TalkFactory(event=event, title="Лекция"), person=sergei)
    results = search.search("Moser")
    assert [hit.title for hit in results.previews["event"]] == ["Летняя школа"]


# --- Typos ------------------------------------------------------------------------------------


def test_typos_suggest_the_nearest_terms(monograph):
    results = search.search("digitl custms")
    assert results.total == 0
    assert results.suggestion == "digital customs"
    assert search.search(results.suggestion).total > 0


def test_no_suggestion_from_drafts():
    draft = PublicationFactory(title="Secret blockchain", title_en="", slug="d", draft=True)
    assert search.search("blockchian").suggestion == ""
    publishing.publish(objects=[draft])  # the control: once public, its words are suggested
    assert search.search("blockchian").suggestion == "blockchain"


def test_suggestion_on_the_page(client, monograph):
    html = client.get("/en/search/", {"q": "digitl custms"}).content.decode()
    assert "Did you mean" in html
    assert "?q=digital%20customs" in html


# --- Text inside files ------------------------------------------------------------------------


def test_a_word_inside_a_pdf_finds_the_publication_with_a_snippet(monograph):
    pdf_file(monograph, ["Chapter 3 discusses blockchain pilots at the border."])
    results = search.search("blockchain")
    assert slugs(results) == {"digital-customs-wco-experience"}
    hit = results.hits[0]
    assert "<mark>blockchain</mark>" in hit.snippet
    assert hit.snippet_file == "Полный текст"


def test_file_text_shown_on_the_page(client, monograph):
    pdf_file(monograph, ["Chapter 3 discusses blockchain pilots at the border."])
    html = client.get("/ru/search/", {"q": "blockchain"}).content.decode()
    assert "<mark>blockchain</mark>" in html
    assert "Цифровая таможня: опыт ВТамО" in html


@pytest.mark.parametrize(
    "access",
    [
        {"access": PublicationFile.Access.STAFF},
        {
            "access": PublicationFile.Access.EMBARGOED,
            "embargo_until": datetime.date.today() + datetime.timedelta(days=30),
        },
    ],
)
def test_text_of_files_the_public_cannot_download_never_matches(client, monograph, access):
    hidden = pdf_file(monograph, ["Confidential zeppelin negotiations."], **access)
    assert search.search("zeppelin").total == 0
    html = client.get("/ru/search/", {"q": "zeppelin"}).content.decode()
    assert "zeppelin</mark>" not in html
    assert "negotiations" not in html
    # The control: the same file, made public, matches with its snippet.
    hidden.access = PublicationFile.Access.PUBLIC
    hidden.embargo_until = None
    hidden.save()
    assert search.search("zeppelin").total == 1
    assert "zeppelin</mark>" in client.get("/ru/search/", {"q": "zeppelin"}).content.decode()


def test_an_ended_embargo_starts_matching_without_reindexing(monograph):
    until = timezone.localdate() + datetime.timedelta(days=2)
    pdf_file(
        monograph,
        ["The zeppelin report."],
        access=PublicationFile.Access.EMBARGOED,
        embargo_until=until,
    )
    assert search.search("zeppelin").total == 0
    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert search.search("zeppelin").counts["publication"] == 1


def test_file_of_a_draft_never_matches():
    draft = PublicationFactory(title="Черновик", slug="draft", draft=True)
    pdf_file(draft, ["zeppelin"])
    assert search.search("zeppelin").total == 0
    publishing.publish(objects=[draft])  # the control: published, its file's text matches
    assert search.search("zeppelin").total == 1


def test_title_ranks_before_file_text(monograph):
    other = PublicationFactory(title="Zeppelin studies", title_en="", slug="z")
    pdf_file(monograph, ["zeppelin " * 50])
    results = search.search("zeppelin")
    assert [hit.publication for hit in results.hits] == [other, monograph]


# --- Drafts -----------------------------------------------------------------------------------


def test_drafts_never_found(client, sergei):
    draft = PublicationFactory(
        title="Секретная монография", abstract="Про цеппелины", slug="secret", draft=True
    )
    AuthorshipFactory(publication=draft, person=sergei)
    PersonFactory(family_name_lat="Hiddenov", slug="hidden", status=Visibility.DRAFT)
    EventFactory(title="Hidden meeting", slug="hidden-meeting", status=Visibility.DRAFT)
    for query in ["секретная", "цеппелины", "Hiddenov", "hidden meeting"]:
        assert search.search(query).total == 0, query
        assert "Секретная" not in client.get("/ru/search/", {"q": query}).content.decode()
    assert all(hit.title != "Секретная монография" for hit in search.search("Moser").hits)
    # The control: once published, each is found by the same words.
    publishing.publish(objects=[draft, *Person.objects.filter(slug="hidden")])
    publishing.publish(objects=Event.objects.filter(slug="hidden-meeting"))
    for query in ["секретная", "цеппелины", "Hiddenov", "hidden meeting"]:
        assert search.search(query).total > 0, query
    assert "Секретная" in client.get("/ru/search/", {"q": "секретная"}).content.decode()


def test_scheduled_publication_appears_at_its_time():
    when = timezone.now() + datetime.timedelta(hours=2)
    PublicationFactory(title="Future zeppelin", slug="future", published_at=when)
    assert search.search("zeppelin").total == 0
    with mock.patch("django.utils.timezone.now", return_value=when + datetime.timedelta(1)):
        assert search.search("zeppelin").total == 1


# --- Grouping, facets, pagination -------------------------------------------------------------


def test_results_are_grouped_by_kind_with_counts(monograph, topic, academy):
    results = search.search("таможня")
    assert results.counts["publication"] == 1
    assert results.counts["topic"] == 1
    assert results.kind == "publication"
    assert [hit.title for hit in results.previews["topic"]] == ["Цифровая таможня"]


def test_kind_filter_lists_only_that_kind(client, monograph, topic):
    results = search.search("таможня", params={"kind": "topic"})
    assert results.kind == "topic"
    assert titles(results) == ["Цифровая таможня"]
    assert [hit.title for hit in results.previews["publication"]] == [
        "Цифровая таможня: опыт ВТамО"
    ]


def test_facets_count_and_filter_publications(monograph, collection, topic):
    results = search.search("Mozer")
    facets = {facet.name: {o.value: o.count for o in facet.options} for facet in results.facets}
    assert facets["type"] == {"monograph": 1, "collection": 1}
    assert facets["year"] == {"2019": 1, "2021": 1}
    assert facets["language"] == {"ru": 2}
    assert facets["topic"] == {"digital-customs": 1}
    assert slugs(search.search("Mozer", params={"type": "collection"})) == {collection.slug}
    assert slugs(search.search("Mozer", params={"year": "2019"})) == {monograph.slug}
    assert slugs(search.search("Mozer", params={"topic": "digital-customs"})) == {monograph.slug}
    assert search.search("Mozer", params={"language": "en"}).filtered_total == 0


def test_pagination_keeps_the_query_and_the_facets(client):
    for n in range(25):
        PublicationFactory(title=f"Customs study {n}", year=2020, slug=f"s{n}")
    response = client.get("/en/search/", {"q": "customs", "year": "2020"})
    html = response.content.decode()
    assert html.count('class="search-hit ') == 20
    assert 'href="?q=customs&amp;year=2020&amp;page=2"' in html
    second = client.get("/en/search/", {"q": "customs", "year": "2020", "page": "2"})
    assert second.content.decode().count('class="search-hit ') == 5


def test_facet_links_keep_the_query(client, monograph, collection):
    html = client.get("/en/search/", {"q": "Mozer"}).content.decode()
    assert 'href="?q=Mozer&amp;type=monograph"' in html
    assert 'href="?q=Mozer&amp;kind=person"' in html


# --- Suggestions as you type ------------------------------------------------------------------


def test_suggestions_as_you_type(client, monograph, sergei):
    data = client.get("/ru/search/suggest/", {"q": "Mozer"}).json()
    assert data["results"][0] == {
        "kind": "person",
        "kind_label": "Персоналии",
        "label": "Мозер Сергей",
        "meta": "кандидат юридических наук",
        "url": "/ru/people/sergei-mozer/",
    }
    data = client.get("/en/search/suggest/", {"q": "digital cust"}).json()
    assert [r["url"] for r in data["results"]] == [
        "/en/publications/topics/digital-customs/",
        "/en/publications/digital-customs-wco-experience/",
    ]


def test_suggestions_never_show_drafts(client):
    draft = PublicationFactory(title="Zeppelin secrets", slug="z", draft=True)
    assert client.get("/ru/search/suggest/", {"q": "zeppelin"}).json()["results"] == []
    publishing.publish(objects=[draft])  # the control: published, it is suggested
    results = client.get("/ru/search/suggest/", {"q": "zeppelin"}).json()["results"]
    assert [r["url"] for r in results] == ["/ru/publications/z/"]


@pytest.mark.parametrize("query", ["", "a", "  ", "\x00\x00", "x" * 10_000, "' OR 1=1 --"])
def test_suggestions_survive_any_input(client, query):
    response = client.get("/ru/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_header_box_is_a_combobox(client):
    html = client.get("/ru/").content.decode()
    assert 'role="combobox"' in html
    assert 'data-suggest-url="/ru/search/suggest/"' in html
    assert 'role="listbox"' in html


def test_very_common_words_rank_the_most_recent_matches(client, settings):
    settings.SEARCH_CANDIDATES = 5
    for n in range(8):
        PublicationFactory(title=f"Customs study {n}", year=2010 + n, slug=f"s{n}")
    results = search.search("customs")
    assert results.counts["publication"] == 5
    assert results.capped["publication"] is True
    assert results.more
    assert slugs(results) == {f"s{n}" for n in range(3, 8)}
    html = client.get("/en/search/", {"q": "customs"}).content.decode()
    assert '<span class="search-tabs__count">5+</span>' in html
    assert "More than 5 match" in html
    narrowed = search.search("customs", params={"year": "2010"})
    assert slugs(narrowed) == {"s0"}
    assert not narrowed.more


def test_no_suggestion_from_scheduled_publications():
    when = timezone.now() + datetime.timedelta(days=5)
    PublicationFactory(title="Future zeppelin", slug="future", published_at=when)
    assert search.search("zepelin").suggestion == ""


def _risk_publication(slug, days_ago, title_en):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return PublicationFactory(title="Доклад", title_en=title_en, slug=slug, published_at=when)


@postgres_only
def test_phrase_of_common_words_is_checked_among_the_most_recent_rows(settings):
    settings.SEARCH_CANDIDATES = 4
    _risk_publication("old-phrase", 50, "Risk management in customs")
    for n in range(3):
        _risk_publication(f"words-{n}", 20 - n, f"Management of risk {n}")
    _risk_publication("new-phrase", 1, "Customs risk management today")
    results = search.search('"risk management"')
    # The four most recent rows holding both words: one has the phrase; more may be older.
    assert slugs(results) == {"new-phrase"}
    assert results.counts["publication"] == 1
    assert results.capped["publication"] is True
    assert results.more


@postgres_only
def test_phrase_missing_from_the_most_recent_rows_is_still_found(settings):
    settings.SEARCH_CANDIDATES = 4
    _risk_publication("old-phrase", 50, "Risk management in customs")
    for n in range(4):
        _risk_publication(f"words-{n}", 20 - n, f"Management of risk {n}")
    results = search.search('"risk management"')
    assert slugs(results) == {"old-phrase"}
    assert results.counts["publication"] == 1
    assert not results.more


@postgres_only
def test_walking_the_recency_index_only_when_most_rows_match():
    for n in range(40):
        extra = " zeppelin" if n == 0 else ""
        PublicationFactory(title=f"Customs study {n}{extra}", title_en="", slug=f"w{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE science_portal_searchdocument")

    def walks(query):
        parsed = parse(query)
        backend = _backend(parsed, [])
        return _walk_pays(backend, lambda documents: backend.of_kind(documents, Kind.PUBLICATION))

    assert walks("customs")
    assert not walks("zeppelin")
    assert walks("customs -zeppelin")  # Most rows hold "customs".


@postgres_only
def test_exclusion_walk_looks_further_when_the_recent_rows_are_all_excluded(settings):
    settings.SEARCH_CANDIDATES = 4
    for n in range(30):
        when = timezone.now() - datetime.timedelta(days=100 - n)
        extra = " digital" if n >= 2 else ""
        title = f"Customs study {n}{extra}"
        PublicationFactory(title=title, title_en="", slug=f"x{n}", published_at=when)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE science_portal_searchdocument")
    results = search.search("customs -digital")
    # The four most recent rows holding "customs" are all excluded: the two oldest are found.
    assert slugs(results) == {"x0", "x1"}
    assert not results.more


@postgres_only
def test_a_walk_ranks_its_candidates_as_ranking_them_afterwards_would():
    for n in range(40):
        # Scores that differ (the word once to four times), ties (the same text twice over),
        # and a publication whose best row is its file's text.
        abstract = " ".join(["customs"] * (n % 4 + 1))
        PublicationFactory(title=f"Study {n}", title_en="", abstract=abstract, slug=f"r{n}")
    pdf_file(PublicationFactory(title="Customs", title_en="", slug="f"), ["customs " * 80])
    PublicationFactory(title="Zeppelin", title_en="", slug="z")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE science_portal_searchdocument")

    def orders(query):
        backend = _backend(parse(query), [])
        rows, _more = publication_candidates(
            backend, lambda documents: backend.of_kind(documents, Kind.PUBLICATION), 1000
        )
        documents = SearchDocument.objects.filter(pk__in=[row[0] for row in rows])
        return rows, list(best_first(rows, backend)), list(ranked(documents, backend))

    rows, page_order, sql_order = orders("customs")
    assert all(row[SCORE] is not None for row in rows)  # Walked: scored as found.
    assert len(page_order) == 41
    assert page_order == sql_order
    publications = SearchDocument.objects.filter(kind=Kind.PUBLICATION)
    ids = dict(publications.values_list("slug", "object_id"))
    assert page_order.index(ids["r3"]) < page_order.index(ids["r0"])  # Four times, then once.
    assert [hit.object_id for hit in search.search("customs").hits] == page_order[:20]
    # The control: through the GIN index nothing is scored, and one query ranks the same way.
    rows, page_order, sql_order = orders("zeppelin")
    assert [row[SCORE] for row in rows] == [None]
    assert page_order == sql_order == [ids["z"]]


def test_a_hit_names_its_type_and_year_in_the_page_language(client):
    PublicationFactory(title="Цеппелины", title_en="Zeppelins", type="monograph", year=2021)
    PublicationFactory(title="Цеппелин и таможня", title_en="", type="report", year=2019)
    russian = client.get("/ru/search/", {"q": "цеппелин"}).content.decode()
    english = client.get("/en/search/", {"q": "zeppelin"}).content.decode()
    assert '<p class="search-hit__meta">Монография, 2021</p>' in russian
    assert '<p class="search-hit__meta">Доклад, 2019</p>' in russian
    assert '<p class="search-hit__meta">Monograph, 2021</p>' in english
