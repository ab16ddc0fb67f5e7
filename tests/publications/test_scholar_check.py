"""The admin's Google Scholar check: records Scholar would reject, and why."""

import pytest
from django.urls import reverse

from publications import scholar_check
from publications.models import Authorship, Publication, PublicationFile
from science_portal.models import ExtractedText
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
)

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:publications_publication_changelist")
BIG = scholar_check.BIG_PDF_BYTES + 1


def authored(**fields):
    publication = PublicationFactory(**fields)
    AuthorshipFactory(publication=publication)
    return publication


def with_text(publication, text, **file_fields):
    file = PublicationFileFactory(publication=publication, **file_fields)
    ExtractedText.objects.update_or_create(file_id=file.pk, defaults={"text": text})
    return file


def flagged(code):
    return set(scholar_check.with_problem(Publication.objects.all(), code))


def test_a_record_without_an_author_is_flagged():
    fine = authored()
    edited = PublicationFactory(type="collection")
    AuthorshipFactory(publication=edited, role=Authorship.Role.EDITOR)
    assert flagged(scholar_check.NO_AUTHOR) == {edited}
    assert scholar_check.problems(fine) == []
    assert scholar_check.problems(edited) == [scholar_check.NO_AUTHOR]


def test_every_record_has_a_year_so_none_lacks_a_date():
    authored()
    assert flagged(scholar_check.NO_DATE) == set()


def test_the_title_must_be_on_the_first_page_of_the_pdf_when_its_text_is_known():
    present = authored(title_ru="Цифровая таможня. Опыт ВТамО")
    with_text(present, "Российская таможенная академия\nЦИФРОВАЯ\nТАМОЖНЯ: опыт ВТамО\nМосква")
    english = authored(title_ru="Таможня", title_en="Customs and trade")
    with_text(english, "Customs   and\ntrade. Proceedings")
    missing = authored(title_ru="Цифровая таможня")
    with_text(missing, "Оглавление. Введение. Глава 1")
    late = authored(title_ru="Итоги года")
    with_text(late, "x" * scholar_check.FIRST_PAGE_CHARS + " Итоги года")
    unknown = authored(title_ru="Текст не извлечён")
    ExtractedText.objects.filter(file_id=PublicationFileFactory(publication=unknown).pk).delete()
    hidden = authored(title_ru="Закрытый файл")
    with_text(hidden, "Оглавление", access=PublicationFile.Access.STAFF)
    assert flagged(scholar_check.TITLE_NOT_IN_PDF) == {missing, late}


def test_the_first_public_pdf_is_the_one_checked():
    publication = authored(title_ru="Сборник")
    with_text(publication, "Сборник статей", order=0)
    with_text(publication, "Приложение", order=1)
    assert flagged(scholar_check.TITLE_NOT_IN_PDF) == set()


def test_a_big_pdf_without_chapters_is_flagged():
    book = authored()
    PublicationFileFactory(publication=book)
    PublicationFile.objects.filter(publication=book).update(size=BIG)
    chaptered = authored(type="collection")
    PublicationFileFactory(publication=chaptered)
    PublicationFile.objects.filter(publication=chaptered).update(size=BIG)
    PublicationFactory(parent=chaptered)
    small = authored()
    PublicationFileFactory(publication=small)
    staff_only = authored()
    PublicationFileFactory(publication=staff_only, access=PublicationFile.Access.STAFF)
    PublicationFile.objects.filter(publication=staff_only).update(size=BIG)
    assert flagged(scholar_check.BIG_PDF) == {book}


def test_the_admin_filter_lists_them(staff_client):
    fine = authored(title_ru="Хорошая запись")
    with_text(fine, "Хорошая запись")
    lonely = PublicationFactory(title_ru="Без автора")
    missing = authored(title_ru="Нет на титуле")
    with_text(missing, "Другое")
    response = staff_client.get(CHANGELIST, {"scholar": "any"})
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {lonely, missing}
    response = staff_client.get(CHANGELIST, {"scholar": scholar_check.TITLE_NOT_IN_PDF})
    assert list(response.context["cl"].result_list) == [missing]
    response = staff_client.get(CHANGELIST, {"scholar": "nonsense"})
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {fine, lonely, missing}
    page = staff_client.get(CHANGELIST).content.decode()
    assert "?scholar=no-author" in page


def test_the_title_check_reads_the_texts_in_batches():
    expected = set()
    for number in range(5):
        publication = authored(title_ru=f"Заглавие {number}")
        with_text(publication, "Заглавие" if number % 2 else f"Заглавие {number}")
        if number % 2:
            expected.add(publication.pk)
    found = scholar_check._title_missing_ids(Publication.objects.all(), batch=2)
    assert found == expected
