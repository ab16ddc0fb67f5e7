"""Chapter-level records: each article of a collection has its own page with the tags Scholar
needs for a chapter, and the collection's contents lead to each article and its PDF."""

import datetime

import lxml.html
import pytest

from publications.models import Authorship, Publication, PublicationFile
from tests.people.factories import PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    """An edited collection with an ISBN and three articles: one with a public PDF, one whose
    PDF only staff may read, one still a draft."""
    collection = PublicationFactory(
        type=Publication.Type.COLLECTION,
        slug="digital-customs-collection",
        title_ru="Цифровая таможня: сборник статей",
        isbn="978-5-9590-1234-5",
    )
    editor = PersonFactory(family_name_cyr="Ткаченко", given_name_cyr="Марина")
    AuthorshipFactory(publication=collection, person=editor, role=Authorship.Role.EDITOR)
    first = PublicationFactory(
        type=Publication.Type.ARTICLE,
        parent=collection,
        slug="first-article",
        title_ru="Первая статья",
        first_page=5,
        last_page=18,
    )
    AuthorshipFactory(publication=first)
    PublicationFileFactory(publication=first)
    second = PublicationFactory(
        type=Publication.Type.ARTICLE,
        parent=collection,
        slug="second-article",
        title_ru="Вторая статья",
        first_page=19,
        last_page=30,
    )
    PublicationFileFactory(publication=second, access=PublicationFile.Access.STAFF)
    PublicationFactory(parent=collection, title_ru="Черновик статьи", draft=True)
    return collection, first, second


def page(client, publication):
    response = client.get(publication.get_absolute_url())
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def test_the_collection_lists_its_articles_with_pages_and_downloads(client, book):
    collection, first, _second = book
    tree = page(client, collection)
    items = tree.xpath('//ol[@class="contents-list"]/li')
    assert [li.xpath("a[1]/text()")[0] for li in items] == ["Первая статья", "Вторая статья"]
    assert [li.xpath('span[@class="contents-list__pages"]')[0].text_content() for li in items] == [
        "с. 5–18",
        "с. 19–30",
    ]
    downloads = tree.xpath('//a[@class="contents-list__download"]')
    assert [a.get("href") for a in downloads] == [first.files.get().get_absolute_url()]
    assert downloads[0].text_content() == "PDF: Первая статья"
    # The link leads to the file itself.
    response = client.get(downloads[0].get("href"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_an_embargo_still_running_gives_no_download(client, book):
    collection, first, _second = book
    PublicationFile.objects.filter(publication=first).update(
        access=PublicationFile.Access.EMBARGOED,
        embargo_until=datetime.date.today() + datetime.timedelta(days=10),
    )
    assert page(client, collection).xpath('//a[@class="contents-list__download"]') == []


def test_a_chapter_page_carries_the_chapter_tags(client, book):
    _collection, first, _second = book
    tree = page(client, first)

    def meta(name):
        return tree.xpath(f'//meta[@name="{name}"]/@content')

    assert meta("citation_inbook_title") == ["Цифровая таможня: сборник статей"]
    assert meta("citation_isbn") == ["978-5-9590-1234-5"]
    assert meta("citation_firstpage") == ["5"]
    assert meta("citation_lastpage") == ["18"]
    assert meta("citation_editor") == ["Ткаченко, Марина"]
    assert meta("citation_pdf_url") == ["http://testserver" + first.files.get().get_absolute_url()]
