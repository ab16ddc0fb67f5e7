"""Public pages: the faceted list, a publication, topics; drafts never show; fixed queries."""

import datetime

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone, translation

from core import publishing
from core.publishing import Visibility
from publications.models import Authorship, Publication, PublicationFile, UsageDay, UsageMetric
from tests.events.factories import SpeakerFactory, TalkFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/ru/publications/"


def titles(response):
    return [p.title for p in response.context["publications"]]


def full_publication(**kwargs):
    """A published publication with two authors, a publisher, a topic and a file."""
    publication = PublicationFactory(**kwargs)
    AuthorshipFactory(publication=publication, order=1)
    AuthorshipFactory(publication=publication, order=2, role=Authorship.Role.EDITOR)
    PublisherFactory(publication=publication)
    publication.topics.add(TopicFactory())
    PublicationFileFactory(publication=publication)
    return publication


# URLs


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("publications:list", {}, "/ru/publications/"),
        ("publications:topics", {}, "/ru/publications/topics/"),
        (
            "publications:topic",
            {"slug": "digital-customs"},
            "/ru/publications/topics/digital-customs/",
        ),
        ("publications:detail", {"slug": "a-book"}, "/ru/publications/a-book/"),
        ("publications:download", {"pk": 7}, "/ru/publications/files/7/"),
        (
            "publications:cover",
            {"slug": "a-book", "size": "small"},
            "/ru/publications/a-book/cover/small/",
        ),
    ],
)
def test_reverse_and_resolve_agree(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert f"{match.namespace}:{match.url_name}" == name
    assert match.kwargs == kwargs


# The list


def test_list_shows_only_published(client):
    PublicationFactory(title="Опубликовано")
    PublicationFactory(title="Черновик", draft=True)
    PublicationFactory(title="Позже", published_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Опубликовано"]
    assert "Черновик" not in response.content.decode()


def test_type_facet_filters_and_counts(client):
    PublicationFactory.create_batch(2, type=Publication.Type.MONOGRAPH)
    PublicationFactory(type=Publication.Type.COLLECTION)
    PublicationFactory(type=Publication.Type.COLLECTION, draft=True)
    response = client.get(LIST, {"type": "collection"})
    assert len(titles(response)) == 1
    counts = {o["value"]: (o["count"], o["selected"]) for o in response.context["facets"]["type"]}
    # A facet counts what the other filters leave, so every type stays choosable.
    assert counts == {"monograph": (2, False), "collection": (1, True)}


def test_facets_count_within_the_other_filters(client):
    topic = TopicFactory()
    person = PersonFactory()
    book = PublicationFactory(type=Publication.Type.MONOGRAPH, year=2019, language="en")
    book.topics.add(topic)
    AuthorshipFactory(publication=book, person=person)
    # The same person twice on one book (author and editor) still counts it once.
    AuthorshipFactory(publication=book, person=person, role=Authorship.Role.EDITOR)
    other = PublicationFactory(type=Publication.Type.COLLECTION, year=2021)
    other.topics.add(topic)
    PublicationFileFactory(publication=other)
    PublicationFactory(type=Publication.Type.COLLECTION, year=2021)

    response = client.get(LIST, {"topic": topic.slug})
    facets = response.context["facets"]
    assert sorted(titles(response)) == sorted([book.title, other.title])
    assert {o["value"]: o["count"] for o in facets["type"]} == {"monograph": 1, "collection": 1}
    assert {o["value"]: o["count"] for o in facets["year"]} == {2019: 1, 2021: 1}
    assert [(o["value"], o["count"]) for o in facets["author"]] == [(person.slug, 1)]
    assert {o["value"]: o["count"] for o in facets["language"]} == {"en": 1, "ru": 1}
    assert facets["has_file"]["count"] == 1
    assert [(o["value"], o["count"], o["selected"]) for o in facets["topic"]] == [
        (topic.slug, 2, True)
    ]

    assert titles(client.get(LIST, {"author": person.slug})) == [book.title]
    assert titles(client.get(LIST, {"has_file": "yes"})) == [other.title]
    assert titles(client.get(LIST, {"language": "en"})) == [book.title]
    assert len(titles(client.get(LIST, {"year_from": 2020, "year_to": 2021}))) == 2


def test_publisher_facet(client):
    organization = OrganizationFactory()
    published = PublisherFactory(organization=organization).publication
    PublicationFactory()
    response = client.get(LIST, {"publisher": organization.slug})
    assert titles(response) == [published.title]
    assert response.context["facets"]["publisher"][0]["count"] == 1


def test_embargoed_and_staff_only_files_do_not_count_as_downloadable(client):
    future = timezone.localdate() + datetime.timedelta(days=5)
    PublicationFileFactory(access=PublicationFile.Access.STAFF)
    PublicationFileFactory(access=PublicationFile.Access.EMBARGOED, embargo_until=future)
    response = client.get(LIST, {"has_file": "yes"})
    assert titles(response) == []
    assert response.context["facets"]["has_file"]["count"] == 0


@pytest.mark.parametrize(
    "query",
    [
        {"type": "poem"},
        {"year_from": "abc"},
        {"year_to": "99999999999999999999"},
        {"topic": "no-such-topic"},
        {"author": "nobody"},
        {"language": "xx"},
        {"has_file": "maybe"},
        {"sort": "random"},
    ],
)
def test_unknown_filter_values_give_400_with_an_explanation(client, query):
    PublicationFactory()
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert "filter-errors" in response.content.decode()


def test_draft_topic_and_person_are_not_filter_values(client):
    topic = TopicFactory(status=Visibility.DRAFT)
    person = PersonFactory(status=Visibility.DRAFT)
    publication = PublicationFactory()
    publication.topics.add(topic)
    AuthorshipFactory(publication=publication, person=person)
    assert client.get(LIST, {"topic": topic.slug}).status_code == 400
    assert client.get(LIST, {"author": person.slug}).status_code == 400
    # The control: published, both are filter values that find the publication.
    publishing.publish(objects=[topic, person])
    assert len(titles(client.get(LIST, {"topic": topic.slug}))) == 1
    assert len(titles(client.get(LIST, {"author": person.slug}))) == 1


@pytest.mark.parametrize("page", ["abc", "999999", "-1"])
def test_bad_page_numbers_give_404(client, page):
    PublicationFactory()
    assert client.get(LIST, {"page": page}).status_code == 404


def test_pagination_keeps_the_filters(client, settings):
    PublicationFactory.create_batch(25, type=Publication.Type.ARTICLE)
    response = client.get(LIST, {"type": "article", "sort": "title"})
    html = response.content.decode()
    assert len(titles(response)) == 20
    assert 'href="?type=article&amp;sort=title&amp;page=2"' in html
    second = client.get(LIST, {"type": "article", "sort": "title", "page": 2})
    assert len(titles(second)) == 5


def test_current_filters_are_shown_and_removable_one_by_one(client):
    topic = TopicFactory(name="Цифровая таможня")
    PublicationFactory(type=Publication.Type.MONOGRAPH).topics.add(topic)
    response = client.get(LIST, {"type": "monograph", "topic": topic.slug, "page": 1})
    active = {item["name"]: item for item in response.context["active_filters"]}
    assert set(active) == {"type", "topic"}
    assert active["topic"]["value"] == topic
    assert active["type"]["remove_url"] == f"?topic={topic.slug}"
    assert active["topic"]["remove_url"] == "?type=monograph"
    assert "Цифровая таможня" in response.content.decode()


def test_sorting(client):
    a = PublicationFactory(title="Альфа", title_en="Alpha", year=2018)
    b = PublicationFactory(title="Бета", title_en="Beta", year=2020)
    c = PublicationFactory(title="Вега", title_en="Vega", year=2019)
    PublicationFileFactory(publication=c, download_count=5)
    PublicationFileFactory(publication=a, download_count=2)
    assert titles(client.get(LIST)) == ["Бета", "Вега", "Альфа"]
    assert titles(client.get(LIST, {"sort": "title"})) == ["Альфа", "Бета", "Вега"]
    assert titles(client.get(LIST, {"sort": "downloads"})) == ["Вега", "Альфа", "Бета"]
    assert titles(client.get(LIST, {"sort": "newest"})) == ["Вега", "Бета", "Альфа"]
    english = client.get("/en/publications/", {"sort": "title"})
    assert [p.title for p in english.context["publications"]] == ["Alpha", "Beta", "Vega"]
    assert b


def test_title_sort_uses_the_title_shown_when_one_language_is_missing(client):
    PublicationFactory(title="Яблоко", title_en="")
    PublicationFactory(title="Арбуз", title_en="Watermelon")
    PublicationFactory(title="Вишня", title_en="")
    PublicationFactory(title="Бета", title_en="Beta")
    english = client.get("/en/publications/", {"sort": "title"})
    # English shows the Russian title where there is no English one, and sorts by what it shows.
    shown = [p.title for p in english.context["publications"]]
    assert shown == ["Beta", "Watermelon", "Вишня", "Яблоко"]


@pytest.mark.parametrize("rows", [3, 50])
def test_list_query_count_is_fixed(client, django_assert_num_queries, rows):
    for _ in range(rows):
        full_publication()
    # After a change, the first visitor counts the catalogue: the snapshot claimed (read,
    # savepoints, insert), type, year, language, topics, authors, publishers, files (the
    # total is the sum of the types), the next scheduled publication and embargo end, the
    # snapshot saved; then the page: its ids, its rows, authors, publishers, files.
    with django_assert_num_queries(22):
        response = client.get(LIST)
    assert len(titles(response)) == min(rows, 20)
    # Everyone after: the snapshot (facets and the number of publications), then the page.
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert len(titles(response)) == min(rows, 20)


@pytest.mark.parametrize("rows", [3, 50])
def test_filtered_list_query_count_is_fixed(client, django_assert_num_queries, rows):
    topic = TopicFactory()
    for _ in range(rows):
        full_publication().topics.add(topic)
    # The topic named in the query; the page's ids and rows, authors, publishers, files; the
    # facets' rows (their newest 2,000 ids at most), type, year, authors, publishers,
    # language, files; the count and the topic facet from the catalogue's snapshot.
    client.get(LIST)  # the snapshot is counted
    with django_assert_num_queries(14):
        response = client.get(LIST, {"topic": topic.slug, "sort": "downloads"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"topic": "t"}, {"type": "monograph"}, {"language": "en"}, {"has_file": "yes"}],
    ids=["topic", "type", "language", "has_file"],
)
def test_one_filter_counts_from_the_snapshot_what_the_public_may_see(client, params):
    topic = TopicFactory(slug="t")

    def matching(**kwargs):
        publication = PublicationFactory(type=Publication.Type.MONOGRAPH, language="en", **kwargs)
        publication.topics.add(topic)
        PublicationFileFactory(publication=publication)
        return publication

    matching()
    matching()
    draft = matching(draft=True)
    PublicationFactory(type=Publication.Type.ARTICLE, language="ru")  # matches no filter

    def shown():
        response = client.get(LIST, params)
        assert response.status_code == 200
        return response.context["paginator"].count, len(response.context["publications"])

    assert shown() == (2, 2)  # the draft is not counted
    publishing.publish(objects=[draft])
    assert shown() == (3, 3)  # the snapshot follows
    publishing.withdraw(objects=[draft])
    assert shown() == (2, 2)


# A publication's page


def test_detail_shows_everything_a_reader_needs(client):
    publication = PublicationFactory(
        title="Цифровая таможня",
        subtitle="Опыт ВТамО",
        isbn="978-3-16-148410-0",
        doi="10.1000/xyz123",
        udc="339.543",
        bbk="67.402",
        keywords="цифровая таможня, ВТамО",
        abstract="Аннотация книги.",
        pages=120,
    )
    second = AuthorshipFactory(publication=publication, order=2, role=Authorship.Role.EDITOR)
    first = AuthorshipFactory(publication=publication, order=1)
    hidden = AuthorshipFactory(publication=publication, order=3, person__status=Visibility.DRAFT)
    organization = PublisherFactory(publication=publication).organization
    topic = TopicFactory()
    publication.topics.add(topic, TopicFactory(status=Visibility.DRAFT, name="Скрытая тема"))
    file = PublicationFileFactory(publication=publication, label="Полный текст", size=2048)
    PublicationFileFactory(publication=publication, label="Служебный", access="staff")

    response = client.get(publication.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(first.person.get_absolute_url()) < html.index(
        second.person.get_absolute_url()
    )
    assert hidden.person.get_absolute_url() not in html
    for text in [
        "Опыт ВТамО",
        "978-3-16-148410-0",
        "https://doi.org/10.1000/xyz123",
        "339.543",
        "67.402",
        "Аннотация книги.",
        organization.get_absolute_url(),
        topic.get_absolute_url(),
        "ВТамО",
        file.get_absolute_url(),
        "Полный текст",
        "2,0",  # 2.0 KB, in Russian formatting
    ]:
        assert text in html, text
    assert "Скрытая тема" not in html
    assert "Служебный" not in html
    assert "cover-placeholder" in html  # no cover: a generated placeholder, not a broken image


def test_detail_shows_its_usage_once(client):
    publication = PublicationFactory()
    PublicationFileFactory(publication=publication)
    day = datetime.date.today()
    UsageDay.objects.create(
        publication=publication, day=day, metric=UsageMetric.TOTAL_ITEM_REQUESTS, count=6
    )
    UsageDay.objects.create(
        publication=publication, day=day, metric=UsageMetric.TOTAL_ITEM_INVESTIGATIONS, count=9
    )
    response = client.get(publication.get_absolute_url())
    usage = response.context["usage"]
    assert (usage.requests, usage.investigations) == (6, 9)
    html = response.content.decode()
    # One count of downloads on the page (the issue-17 complaint: it showed twice).
    assert html.count("загрузк") == 0 and "Загрузки и открытия в читалке" in html
    assert html.count('class="usage__totals"') == 1


def test_draft_page_is_404_for_public_and_a_preview_for_staff(staff_client):
    publication = PublicationFactory(draft=True)
    assert Client().get(publication.get_absolute_url()).status_code == 404
    response = staff_client.get(publication.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"]
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_collection_lists_its_published_contents_and_articles_link_back(client):
    collection = PublicationFactory(type=Publication.Type.COLLECTION, title="Сборник")
    article = PublicationFactory(
        type=Publication.Type.ARTICLE, title="Статья", parent=collection, first_page=5, last_page=9
    )
    PublicationFactory(
        type=Publication.Type.ARTICLE, title="Черновик статьи", parent=collection, draft=True
    )
    html = client.get(collection.get_absolute_url()).content.decode()
    assert article.get_absolute_url() in html
    assert "Черновик статьи" not in html
    article_html = client.get(article.get_absolute_url()).content.decode()
    assert collection.get_absolute_url() in article_html
    assert "5–9" in article_html


def test_draft_collection_is_not_linked_from_its_article(client):
    collection = PublicationFactory(type=Publication.Type.COLLECTION, draft=True)
    article = PublicationFactory(parent=collection)
    html = client.get(article.get_absolute_url()).content.decode()
    assert collection.get_absolute_url() not in html


@pytest.mark.parametrize("rows", [3, 50])
def test_detail_query_count_is_fixed(client, django_assert_num_queries, rows):
    collection = full_publication(type=Publication.Type.COLLECTION)
    for _ in range(rows):
        part = PublicationFactory(parent=collection)
        AuthorshipFactory(publication=part)
        PublicationFileFactory(publication=part)
        AuthorshipFactory(publication=collection)
        PublicationFileFactory(publication=collection)
        collection.topics.add(TopicFactory())
        SpeakerFactory(talk=TalkFactory()).talk.publications.add(collection)
    # publication, authors, publishers, topics, files, parts, authors and public files of the
    # parts, then the talks that presented it and their speakers, and its usage by month.
    with django_assert_num_queries(11):
        response = client.get(collection.get_absolute_url())
    assert len(response.context["parts"]) == rows
    assert len(response.context["presented_at"]) == rows


def test_author_lists_link_published_profiles_and_name_other_roles():
    from django.template import engines

    publication = PublicationFactory()

    def author(order, family, given, slug, **kwargs):
        person = PersonFactory(
            family_name_cyr=family,
            given_name_cyr=given,
            family_name_lat="",
            given_name_lat="",
            slug=slug,
        )
        return AuthorshipFactory(publication=publication, order=order, person=person, **kwargs)

    first = author(1, "Мозер", "Сергей", "mozer")
    hidden = author(2, "Скрытов", "Иван", "skrytov")
    hidden.person.status = Visibility.DRAFT
    hidden.person.save()
    editor = author(3, "Петрова", "Анна", "petrova", role=Authorship.Role.EDITOR)
    template = engines["django"].from_string(
        "{% load publication_sections %}{% authors authorships %}"
    )

    def shown(language):
        with translation.override(language):
            return template.render({"authorships": [first, hidden, editor]})

    assert shown("ru") == (
        '<a href="/ru/people/mozer/">Мозер С.</a>, Скрытов И., '
        '<a href="/ru/people/petrova/">Петрова А.</a> <span class="muted">(редактор)</span>'
    )
    # On an English page the names, known only in Cyrillic, carry their language.
    assert shown("en") == (
        '<a href="/en/people/mozer/"><span lang="ru">Мозер С.</span></a>, Скрытов И., '
        '<a href="/en/people/petrova/"><span lang="ru">Петрова А.</span></a>'
        ' <span class="muted">(editor)</span>'
    )


# Covers


def test_cover_of_a_draft_is_not_served_to_the_public(staff_client, settings):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 420), "darkgreen").save(buffer, "PNG")
    publication = PublicationFactory(draft=True)
    publication.cover.save("cover.png", ContentFile(buffer.getvalue()))
    url = reverse("publications:cover", kwargs={"slug": publication.slug, "size": "small"})
    assert Client().get(url).status_code == 404
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    publication.status, publication.published_at = Visibility.PUBLISHED, timezone.now()
    publication.save()
    public = Client().get(url)
    assert public.status_code == 200
    assert public["Content-Disposition"].startswith("inline;")
    assert Client().get(url.replace("small", "huge")).status_code == 404
    html = Client().get(publication.get_absolute_url()).content.decode()
    assert reverse("publications:cover", kwargs={"slug": publication.slug, "size": "large"}) in html


def test_a_replaced_cover_gets_a_new_url(client):
    import io
    import re

    from django.core.files.base import ContentFile
    from PIL import Image

    def png(colour):
        buffer = io.BytesIO()
        Image.new("RGB", (300, 420), colour).save(buffer, "PNG")
        return ContentFile(buffer.getvalue())

    def cover_src():
        html = client.get(publication.get_absolute_url()).content.decode()
        return re.search(r'<img class="cover cover--large" src="([^"]+)"', html).group(1)

    publication = PublicationFactory()
    publication.cover.save("cover.png", png("darkgreen"))
    first = cover_src()
    publication.cover.save("cover.png", png("darkred"))
    second = cover_src()
    assert "?v=" in first and "?v=" in second
    assert first != second  # cached copies of the old cover are not reused
    assert client.get(second).status_code == 200


def test_publication_without_cover_has_no_cover_url(client):
    publication = PublicationFactory()
    url = reverse("publications:cover", kwargs={"slug": publication.slug, "size": "small"})
    assert client.get(url).status_code == 404


# Topics


def test_topic_pages(client):
    topic = TopicFactory(name="Цифровая таможня", description="Тема о цифровой таможне.")
    hidden = TopicFactory(name="Скрытая", status=Visibility.DRAFT)
    PublicationFactory(title="Книга по теме").topics.add(topic)
    PublicationFactory(title="Черновик по теме", draft=True).topics.add(topic)
    listing = client.get(reverse("publications:topics"))
    assert [t.name for t in listing.context["topics"]] == ["Цифровая таможня"]
    assert listing.context["topics"][0].publication_count == 1
    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    assert titles(page) == ["Книга по теме"]
    assert "Черновик по теме" not in page.content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rows", [3, 50])
def test_topic_page_query_count_is_fixed(client, django_assert_num_queries, rows):
    topic = TopicFactory()
    for _ in range(rows):
        full_publication().topics.add(topic)
    client.get(topic.get_absolute_url())  # the catalogue's counts, once after the changes
    # topic, its publications' ids, the catalogue's counts (the topic's is the page count),
    # the page's ids, its rows, authors, publishers, files, events.
    with django_assert_num_queries(9):
        page = client.get(topic.get_absolute_url())
    assert page.context["paginator"].count == rows


def test_the_topic_pages_count_follows_publishing_and_withdrawal(client, settings):
    """The page count comes from the catalogue's counts, kept in step with every change."""
    topic = TopicFactory()
    PublicationFactory().topics.add(topic)
    draft = PublicationFactory(draft=True)
    draft.topics.add(topic)

    def count():
        return client.get(topic.get_absolute_url()).context["paginator"].count

    assert count() == 1
    publishing.publish(objects=[draft])
    assert count() == 2
    publishing.withdraw(objects=[Publication.objects.get(pk=draft.pk)], reason="Дубликат")
    assert count() == 1
    draft.topics.clear()  # a public one taken off the topic, and another put on it
    other = PublicationFactory()
    other.topics.add(topic)
    assert count() == 2


def test_a_topics_pages_list_its_public_publications_in_order_once_each(client):
    topic = TopicFactory()
    public = [PublicationFactory(title=f"Работа {n:02}", year=2000 + n % 7) for n in range(23)]
    for publication in public:
        publication.topics.add(topic)
    PublicationFactory(title="Черновик", year=2006, draft=True).topics.add(topic)
    PublicationFactory(title="Не по теме", year=2006)  # public, but not on the topic
    first = client.get(topic.get_absolute_url())
    second = client.get(topic.get_absolute_url() + "?page=2")
    expected = sorted(public, key=lambda p: (-p.year, p.pk))
    assert titles(first) + titles(second) == [p.title for p in expected]
    assert len(titles(first)) == 20 and first.context["paginator"].num_pages == 2
    assert client.get(topic.get_absolute_url() + "?page=3").status_code == 404
