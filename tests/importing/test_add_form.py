"""The ordinary add form warns of the duplicates the import detects."""

import pytest
from django.urls import reverse

from publications.models import Publication
from tests.admin_forms import form_values
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:publications_publication_add")


def new(client, **fields):
    values = form_values(client.get(ADD))
    values.update(
        {"type": "monograph", "title_ru": "Новая книга", "year": "2020", "language": "ru"}
    )
    values.update(fields)
    return client.post(ADD, values)


@pytest.mark.parametrize(
    ("existing", "posted", "reason"),
    [
        ({"doi": "10.1000/ABC"}, {"doi": "10.1000/abc"}, "тот же DOI"),
        ({"isbn": "978-5-9590-1054-6"}, {"isbn": "9785959010546"}, "тот же ISBN"),
        ({"title_ru": "Новая книга", "year": 2020}, {}, "то же заглавие и год"),
    ],
)
def test_a_duplicate_is_named_before_it_is_saved(client, curator, existing, posted, reason):
    other = PublicationFactory(**existing)
    client.force_login(curator)
    response = new(client, **posted)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Похожая публикация уже есть" in page  # the admin is in Russian (/ru/)
    assert reverse("admin:publications_publication_change", args=[other.pk]) in page
    assert reason in page
    assert Publication.objects.count() == 1
    response = new(client, allow_duplicate="on", **posted)
    assert response.status_code == 302
    assert Publication.objects.count() == 2


def test_a_publication_unlike_any_other_saves_at_once(client, curator):
    PublicationFactory(title_ru="Другая книга", doi="10.1000/other", year=2020)
    client.force_login(curator)
    assert new(client, doi="10.1000/new").status_code == 302
    assert Publication.objects.filter(doi="10.1000/new").exists()


def test_on_postgresql_a_similar_title_is_named_too(client, curator):
    from publications.importing.matching import trigram_available

    if not trigram_available():
        pytest.skip("the trigram index is PostgreSQL's")
    other = PublicationFactory(title_ru="Новая книга о цифровых таможнях", year=2020)
    client.force_login(curator)
    page = new(client, title_ru="Новая книга о цифровой таможне").content.decode()
    assert "похожее заглавие и тот же год" in page
    assert reverse("admin:publications_publication_change", args=[other.pk]) in page
