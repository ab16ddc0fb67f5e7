"""The active language, and a translated field that falls back to the other language."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from core import languages


class TestActiveLanguage:
    @pytest.mark.parametrize("code", ["ru", "en"])
    def test_the_active_language(self, code):
        with translation.override(code):
            assert languages.active_language() == code

    def test_a_given_language_wins_over_the_active_one(self):
        with translation.override("ru"):
            assert languages.active_language("en") == "en"

    def test_a_regional_code_is_the_language(self):
        assert languages.active_language("en-gb") == "en"

    def test_an_unknown_language_is_the_default(self):
        assert languages.active_language("fr") == "ru"

    def test_no_active_language_is_the_default(self):
        with translation.override(None):
            assert languages.active_language() == "ru"

    def test_the_other_language(self):
        assert languages.other_language("ru") == "en"
        assert languages.other_language("en") == "ru"
        with translation.override("en"):
            assert languages.other_language() == "ru"


class TestLocalized:
    def test_the_column_of_the_active_language(self):
        with translation.override("en"):
            assert languages.localized("title") == "title_en"
        with translation.override("ru"):
            assert languages.localized("degree") == "degree_ru"

    def test_the_column_of_a_given_language(self):
        assert languages.localized("title", "en") == "title_en"


BOOK = SimpleNamespace(title_ru="Цифровая таможня", title_en="Digital customs")
RUSSIAN_ONLY = SimpleNamespace(title_ru="  Цифровая таможня ", title_en="")


class TestTranslated:
    def test_the_field_in_the_language(self):
        assert languages.translated(BOOK, "title", "ru") == "Цифровая таможня"
        assert languages.translated(BOOK, "title", "en") == "Digital customs"

    def test_the_active_language_by_default(self):
        with translation.override("en"):
            assert languages.translated(BOOK, "title") == "Digital customs"

    def test_an_empty_field_falls_back_to_the_other_language(self):
        assert languages.translated(RUSSIAN_ONLY, "title", "en") == "Цифровая таможня"

    def test_without_fallback_an_empty_field_stays_empty(self):
        assert languages.translated(RUSSIAN_ONLY, "title", "en", fallback=False) == ""

    def test_missing_and_null_fields_are_empty(self):
        assert languages.translated(SimpleNamespace(title_ru=None), "title", "ru") == ""
        assert languages.translated(BOOK, "subtitle", "ru") == ""

    def test_pick_translation_from_plain_values(self):
        assert languages.pick_translation({"ru": "", "en": "Title"}, "ru") == "Title"
        assert languages.pick_translation({"ru": "", "en": "Title"}, "ru", fallback=False) == ""
        assert languages.pick_translation({"ru": None, "en": None}, "en") == ""


class TestTranslations:
    def test_both_languages_russian_first(self):
        assert languages.translations(BOOK, "title") == [
            ("Цифровая таможня", "ru"),
            ("Digital customs", "en"),
        ]

    def test_empty_and_repeated_texts_are_left_out(self):
        same = SimpleNamespace(name_ru="WCO", name_en="WCO")
        assert languages.translations(same, "name") == [("WCO", "ru")]
        assert languages.translations(RUSSIAN_ONLY, "title") == [("Цифровая таможня", "ru")]


@pytest.mark.django_db
def test_a_model_field_falls_back_like_modeltranslation():
    from tests.publications.factories import PublicationFactory

    publication = PublicationFactory(title_ru="Только по-русски", title_en="")
    assert languages.translated(publication, "title", "en") == "Только по-русски"
    with translation.override("en"):
        assert publication.title == languages.translated(publication, "title")
