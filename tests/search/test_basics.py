"""Search on both databases: the same page and results, whatever the engine underneath."""

import pytest

from science_portal import search

pytestmark = pytest.mark.django_db


def test_finds_publication_by_title_words(monograph, collection):
    results = search.search("digital customs")
    assert results.counts["publication"] == 2
    titles = [hit.title for hit in results.hits]
    assert "Цифровая таможня: опыт ВТамО" in titles


def test_names_in_any_spelling(monograph, sergei):
    for spelling in ["Moser", "Mozer", "Мозер", "mozer s", "С. Мозер", "Moser S."]:
        results = search.search(spelling)
        assert results.counts["person"] == 1, spelling
        assert results.counts["publication"] >= 1, spelling
