"""Names are written as each language expects, and every spelling finds the person."""

import pytest
from django.utils import translation

from people import names
from people.models import Person
from people.services import refresh_search_names
from tests.people.factories import NameVariantFactory, PersonFactory, mozer

SPELLINGS = [
    "Moser",
    "Mozer",
    "Мозер",
    "мозер",
    "MOSER",
    "mozer s",
    "С. Мозер",
    "Mozer S.",
    "Moser S.",
    "Sergei Moser",
    "Sergey Mozer",
    "Мозер Сергей",
    "Moser, Sergei",
    "Моз",
]


def unsaved(**names_):
    return Person(**{"slug": "x", **names_})


MOZER = {
    "family_name_cyr": "Мозер",
    "given_name_cyr": "Сергей",
    "family_name_lat": "Mozer",
    "given_name_lat": "Sergei",
}


class TestDisplay:
    def test_russian_full_name_puts_the_family_name_first(self):
        with translation.override("ru"):
            assert unsaved(**MOZER).full_name == "Мозер Сергей"

    def test_russian_short_name_uses_initials(self):
        with translation.override("ru"):
            assert unsaved(**MOZER).short_name == "Мозер С."

    def test_russian_names_include_the_patronymic(self):
        person = unsaved(
            family_name_cyr="Ткаченко", given_name_cyr="Марина", patronymic_cyr="Ивановна"
        )
        assert names.full_name(person, "ru") == "Ткаченко Марина Ивановна"
        assert names.short_name(person, "ru") == "Ткаченко М. И."

    def test_english_full_name_puts_the_given_name_first(self):
        with translation.override("en"):
            assert unsaved(**MOZER).full_name == "Sergei Mozer"
            assert unsaved(**MOZER).short_name == "S. Mozer"
            assert str(unsaved(**MOZER)) == "Sergei Mozer"

    def test_a_missing_script_falls_back_to_the_other(self):
        only_latin = unsaved(family_name_lat="Smith", given_name_lat="John")
        only_cyrillic = unsaved(family_name_cyr="Мозер", given_name_cyr="Сергей")
        assert names.full_name(only_latin, "ru") == "John Smith"
        assert names.full_name(only_cyrillic, "en") == "Мозер Сергей"

    def test_family_name_alone(self):
        assert names.full_name(unsaved(family_name_lat="Mozer"), "en") == "Mozer"
        assert names.short_name(unsaved(family_name_cyr="Мозер"), "ru") == "Мозер"

    def test_a_hyphenated_given_name_keeps_both_initials_as_the_citations_do(self):
        person = unsaved(
            family_name_cyr="Ёлкин",
            given_name_cyr="Жан-Поль",
            patronymic_cyr="Иванович",
            family_name_lat="Yolkin",
            given_name_lat="Jean-Paul",
        )
        assert names.short_name(person, "ru") == "Ёлкин Ж.-П. И."
        assert names.short_name(person, "en") == "J.-P. Yolkin"
        assert "Ж.-П. И. Ёлкин" in names.name_forms(person)

    def test_every_given_name_has_its_initial(self):
        assert names.short_name(unsaved(family_name_lat="Smith", given_name_lat="Anna Maria")) == (
            "A. M. Smith"
        )


class TestSearchKey:
    @pytest.mark.parametrize("spelling", ["Moser", "Mozer", "Мозер", "МОЗЕР", "mózer"])
    def test_spellings_of_one_family_name_meet(self, spelling):
        assert names.search_key(spelling) == "moser"

    def test_punctuation_and_initials(self):
        assert names.search_key("Mozer, S.") == "moser s"
        assert names.search_key("С. Мозер") == "s moser"

    def test_transliteration_variants_meet(self):
        assert names.search_key("Сергей") == names.search_key("Sergey") == "sergei"
        assert names.search_key("Tkatchenko") == names.search_key("Ткаченко")

    def test_belarusian_and_ukrainian_letters_meet_their_russian_readings(self):
        assert names.search_key("Іван") == names.search_key("Иван") == "ivan"
        assert names.search_key("Ўсход") == "uskhod"
        assert names.search_key("Ёлкин Йосип") == "elkin iosip"

    def test_index_letter(self):
        assert names.index_letter("мозер") == "М"
        assert names.index_letter("Ёлкин") == "Е"
        assert names.index_letter(" mozer") == "M"
        assert names.index_letter("1st") == ""


@pytest.mark.django_db
class TestMatching:
    @pytest.mark.parametrize("query", SPELLINGS)
    def test_every_spelling_finds_sergei_mozer(self, query):
        person = mozer()
        PersonFactory(family_name_cyr="Мазур", family_name_lat="Mazur", given_name_lat="Sergei")
        assert list(Person.objects.matching(query)) == [person]

    def test_every_word_must_match(self):
        mozer()
        assert not Person.objects.matching("Mozer Ivan").exists()
        assert not Person.objects.matching("Tkachenko").exists()

    def test_an_empty_query_finds_nobody(self):
        mozer()
        assert not Person.objects.matching("").exists()
        assert not Person.objects.matching("  ,.!  ").exists()

    def test_a_variant_added_later_is_found_after_refresh(self):
        person = PersonFactory(family_name_cyr="Мозер", family_name_lat="")
        NameVariantFactory(person=person, name="Mosér Serge")
        assert list(Person.objects.matching("Serge Moser")) == [person]

    def test_refresh_reports_whether_anything_changed(self):
        person = mozer()
        assert refresh_search_names(person=person) is False
        # A bulk update bypasses save(), so the keys are stale until refreshed.
        Person.objects.filter(pk=person.pk).update(family_name_lat="Mozer-Mozer")
        person.refresh_from_db()
        assert refresh_search_names(person=person) is True
        assert list(Person.objects.matching("Mozer-Mozer")) == [person]

    def test_saving_a_person_keeps_the_keys_in_step(self):
        person = mozer()
        person.family_name_lat = "Mozer-Mozer"
        person.save()
        assert refresh_search_names(person=person) is False
        assert list(Person.objects.matching("Mozer-Mozer")) == [person]

    def test_matching_composes_with_published(self):
        mozer(status="draft")
        assert not Person.objects.published().matching("Mozer").exists()
        assert Person.objects.matching("Mozer").exists()


@pytest.mark.django_db
def test_the_command_rebuilds_stale_keys():
    from io import StringIO

    from django.core.management import call_command

    person = mozer()
    Person.objects.filter(pk=person.pk).update(search_names="")
    assert not Person.objects.matching("Moser").exists()
    out = StringIO()
    call_command("refresh_search_names", stdout=out)
    assert "1 people changed" in out.getvalue()
    assert list(Person.objects.matching("Moser")) == [person]
