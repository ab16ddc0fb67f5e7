"""One romanisation table, one rule for initials, one for the parts of a name in a script."""

from types import SimpleNamespace

import pytest

from core import text


def person(**fields):
    return SimpleNamespace(**fields)


MOZER = person(
    family_name_cyr="Мозер",
    given_name_cyr="Сергей",
    patronymic_cyr="",
    family_name_lat="Mozer",
    given_name_lat="Sergei",
    patronymic_lat="",
)


class TestTransliterate:
    def test_bgn_pcgn_romanises_every_russian_letter(self):
        assert text.transliterate("абвгдеёжзийклмнопрстуфхцчшщъыьэюя") == (
            "abvgdeyozhziyklmnoprstufkhtschshshchyeyuya"
        )

    def test_the_case_of_each_letter_is_kept(self):
        assert text.transliterate("Щука ЖУК") == "Shchuka ZhUK"
        assert text.transliterate("Цифровая таможня. Опыт ВТамО") == (
            "Tsifrovaya tamozhnya. Opyt VTamO"
        )

    def test_what_the_table_does_not_know_is_left_as_it_is(self):
        assert text.transliterate("WCO 2021 «ёж» і") == "WCO 2021 «yozh» і"

    def test_another_table_can_be_given(self):
        assert text.transliterate("Ёж", {"ё": "e", "ж": "sh"}) == "Esh"


class TestToAscii:
    """The ASCII a file name falls back to: accents go first, so "й" is "i" and "ё" is "e"."""

    @pytest.mark.parametrize(
        ("value", "ascii"),
        [
            ("Цифровая таможня. Опыт ВТамО.pdf", "Tsifrovaya tamozhnya. Opyt VTamO.pdf"),
            ("Ёлка щука.epub", "Elka shchuka.epub"),
            ("Объём Йод", "Obem Iod"),
            ("Mózer café", "Mozer cafe"),
            ("数字.pdf", ".pdf"),
            ('evil"\r\nname;.pdf', 'evil"\r\nname;.pdf'),
        ],
    )
    def test_plain_ascii(self, value, ascii):
        assert text.to_ascii(value) == ascii

    def test_cyrillic_letters_with_accents_keep_their_base_letter(self):
        assert text.to_ascii("Ўсход ѐ") == "Uskhod e"


class TestStripDiacritics:
    def test_accents_go_and_letters_stay(self):
        assert text.strip_diacritics("mózer Ёлкин й") == "mozer Елкин и"


class TestHasCyrillic:
    def test_cyrillic_and_latin(self):
        assert text.has_cyrillic("WCO и ВТамО")
        assert not text.has_cyrillic("WCO")


class TestInitials:
    @pytest.mark.parametrize(
        ("names", "expected"),
        [
            (("Сергей",), "С."),
            (("Сергей", "Александрович"), "С. А."),
            (("Жан-Поль",), "Ж.-П."),
            (("Жан-Поль", "Иванович"), "Ж.-П. И."),
            (("Anna Maria",), "A. M."),
            (("Jean-", ""), "J."),
            (("", ""), ""),
            ((None,), ""),
        ],
    )
    def test_initials(self, names, expected):
        assert text.initials(*names) == expected


class TestNameParts:
    def test_the_parts_in_the_asked_script(self):
        parts = text.name_parts(MOZER, text.CYRILLIC)
        assert parts == ("Мозер", "Сергей", "", text.CYRILLIC)
        assert parts.forenames == "Сергей"
        assert text.name_parts(MOZER, text.LATIN).family == "Mozer"

    def test_a_person_unknown_in_the_script_is_given_in_the_other(self):
        only_latin = person(family_name_lat="Smith", given_name_lat="John")
        parts = text.name_parts(only_latin, text.CYRILLIC)
        assert parts == ("Smith", "John", "", text.LATIN)

    def test_without_fallback_only_the_asked_script_counts(self):
        only_latin = person(family_name_lat="Smith", given_name_lat="John")
        assert text.name_parts(only_latin, text.CYRILLIC, fallback=False).family == ""

    def test_a_given_name_without_a_family_name_does_not_count(self):
        nameless = person(family_name_cyr="", given_name_cyr="Сергей", family_name_lat=" ")
        assert text.name_parts(nameless, text.CYRILLIC) == ("", "", "", text.CYRILLIC)

    def test_white_space_and_missing_fields(self):
        padded = person(family_name_cyr=" Ёлкин ", given_name_cyr=" Жан-Поль", patronymic_cyr=None)
        parts = text.name_parts(padded, text.CYRILLIC)
        assert parts == ("Ёлкин", "Жан-Поль", "", text.CYRILLIC)

    def test_forenames_join_the_given_name_and_the_patronymic(self):
        parts = text.NameParts("Ёлкин", "Жан-Поль", "Иванович", text.CYRILLIC)
        assert parts.forenames == "Жан-Поль Иванович"


@pytest.mark.parametrize(("language", "script"), [("en", "lat"), ("ru", "cyr"), ("fr", "cyr")])
def test_the_script_of_a_language(language, script):
    assert text.script_for(language) == script
