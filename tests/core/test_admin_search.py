"""The admin's search words: split as Django splits them, every word must match."""

import pytest
from django.db.models import Q

from core.admin import search_each_word, search_words
from publications.models import Publication
from tests.publications.factories import PublicationFactory


@pytest.mark.parametrize(
    ("term", "words"),
    [
        ("", []),
        ("   ", []),
        ("Мозер С.", ["Мозер", "С."]),
        ('"опыт ВТамО" 2019', ["опыт ВТамО", "2019"]),
        ("'Digital customs'", ["Digital customs"]),
        ('"', ['"']),
        ('""', []),
    ],
)
def test_search_words(term, words):
    assert search_words(term) == words


@pytest.mark.django_db
def test_every_word_must_match():
    both = PublicationFactory(title="Цифровая таможня", title_en="Digital customs")
    PublicationFactory(title="Цифровая экономика", title_en="Digital economy")

    def in_either_title(word):
        return Q(title_ru__icontains=word) | Q(title_en__icontains=word)

    found = search_each_word(Publication.objects.all(), "Цифровая customs", in_either_title)
    assert list(found) == [both]
    assert search_each_word(Publication.objects.all(), " ", in_either_title).count() == 2
