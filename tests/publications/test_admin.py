"""The admin: pages render, search finds by author and identifier, actions publish."""

import datetime
from unittest import mock

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import db
from core.publishing import Visibility
from publications.admin import search_publications
from publications.models import Authorship, Publication, Topic, UsageDay, UsageMetric
from tests.people.factories import PersonFactory, mozer
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:publications_publication_changelist")


@pytest.fixture
def publication():
    publication = PublicationFactory(isbn="978-3-16-148410-0", doi="10.1000/book")
    AuthorshipFactory(publication=publication, person__family_name_lat="Mozer")
    PublisherFactory(publication=publication)
    publication.topics.add(TopicFactory())
    PublicationFileFactory(publication=publication, original_name="Книга.pdf")
    return publication


@pytest.mark.parametrize(
    "url",
    [
        "/ru/admin/publications/publication/",
        "/ru/admin/publications/publication/add/",
        "/ru/admin/publications/topic/",
        "/ru/admin/publications/topic/add/",
        "/ru/admin/publications/publicationfile/",
        "/ru/admin/publications/publication/?type__exact=monograph&status__exact=published",
    ],
)
def test_admin_pages_render(staff_client, publication, url):
    assert staff_client.get(url).status_code == 200


def test_change_page_shows_file_facts_and_monthly_downloads(staff_client, publication):
    file = publication.files.get()
    UsageDay.objects.create(
        publication=publication,
        day=datetime.date.today(),
        metric=UsageMetric.TOTAL_ITEM_REQUESTS,
        count=1,
    )
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    html = staff_client.get(url).content.decode()
    assert file.sha256 in html
    assert "Книга.pdf" in html
    assert datetime.date.today().strftime("%Y-%m") in html
    assert "/ru/admin/r/" in html  # "view on site"
    # The current file is linked through the checked download view, not the media folder.
    assert file.get_absolute_url() in html
    assert f"/media/{file.file.name}" not in html
    file_url = reverse("admin:publications_publicationfile_change", args=[file.pk])
    assert staff_client.get(file_url).status_code == 200


@pytest.mark.parametrize("query", ["Mozer", "978-3-16-148410-0", "10.1000/book"])
def test_search_by_author_isbn_doi(staff_client, publication, query):
    PublicationFactory(title="Другая")
    response = staff_client.get("/ru/admin/publications/publication/", {"q": query})
    assert list(response.context["cl"].result_list) == [publication]


def test_autocomplete_for_people_and_organisations(staff_client, publication):
    person = publication.authorships.get().person
    response = staff_client.get(
        "/ru/admin/autocomplete/",
        {
            "term": "Mozer",
            "app_label": "publications",
            "model_name": "authorship",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(person.pk)]


def test_publish_and_unpublish_actions(staff_client):
    draft = PublicationFactory(draft=True)
    url = "/ru/admin/publications/publication/"
    staff_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Visibility.PUBLISHED
    assert draft.published_at is not None
    assert Publication.objects.published().filter(pk=draft.pk).exists()
    staff_client.post(
        url,
        {"action": "withdraw", "_selected_action": [draft.pk], "confirm": "yes", "note": "Дубль"},
    )
    draft.refresh_from_db()
    assert draft.status == Visibility.WITHDRAWN
    assert draft.withdrawal_reason == "Дубль" and draft.withdrawn_at is not None
    assert not Publication.objects.published().filter(pk=draft.pk).exists()


def test_preview_link_of_a_draft_opens_for_staff(staff_client):
    draft = PublicationFactory(draft=True)
    html = staff_client.get("/ru/admin/publications/publication/").content.decode()
    assert draft.get_absolute_url() in html
    assert staff_client.get(draft.get_absolute_url()).status_code == 200


def test_parent_cycle_is_a_form_error(staff_client):
    top = PublicationFactory()
    child = PublicationFactory(parent=top)
    url = reverse("admin:publications_publication_change", args=[top.pk])
    data = {
        "type": top.type,
        "title_ru": top.title_ru,
        "title_en": top.title_en or "",
        "slug": top.slug,
        "language": top.language,
        "status": top.status,
        "year": top.year,
        "published_at_0": top.published_at.strftime("%d.%m.%Y"),
        "published_at_1": top.published_at.strftime("%H:%M:%S"),
        "parent": child.pk,
    }
    for prefix in ("authorships", "publisher_links", "files"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    top.refresh_from_db()
    assert top.parent is None


class TestSearch:
    """Staff find a publication by a title fragment, an author in any spelling, an identifier;
    each once, however many of its authors or name variants match."""

    @pytest.fixture
    def monograph(self):
        monograph = PublicationFactory(
            title="Цифровая таможня: опыт ВТамО",
            title_en="Digital customs: the WCO experience",
            subtitle="Монография",
            isbn="978-5-9590-1234-5",
            doi="10.5555/rca.2019.1",
            slug="digital-customs-wco",
        )
        sergei = mozer()
        AuthorshipFactory(publication=monograph, person=sergei, order=1)
        AuthorshipFactory(
            publication=monograph, person=sergei, role=Authorship.Role.EDITOR, order=2
        )
        AuthorshipFactory(
            publication=monograph,
            person=PersonFactory(family_name_cyr="Мозер", family_name_lat="Moser"),
            order=3,
        )
        PublicationFactory(title="Другая книга", title_en="Another book")
        return monograph

    @pytest.mark.parametrize(
        "query",
        [
            "таможня",
            "customs",
            "WCO experience",
            "Монография",
            "Moser",
            "Мозер",
            "mozer",
            "Мозер С.",
            "S. Moser",
            "Sergei Moser",
            "Мозер таможня",
            '"опыт ВТамО"',
            "978-5-9590-1234-5",
            "978-5-9590",
            "10.5555/rca.2019.1",
            "digital-customs-wco",
        ],
    )
    def test_finds_once(self, staff_client, monograph, query):
        response = staff_client.get(CHANGELIST, {"q": query})
        assert list(response.context["cl"].result_list) == [monograph]
        assert response.context["cl"].result_count == 1

    @pytest.mark.parametrize("query", ["дирижабль", "Mozart", "таможня дирижабль", "С."])
    def test_finds_nothing_else(self, staff_client, monograph, query):
        response = staff_client.get(CHANGELIST, {"q": query})
        assert list(response.context["cl"].result_list) == []

    @pytest.mark.postgres
    @pytest.mark.skipif(connection.vendor != "postgresql", reason="Cyrillic case folding")
    def test_case_does_not_matter_in_cyrillic(self, staff_client, monograph):
        response = staff_client.get(CHANGELIST, {"q": "ЦИФРОВАЯ ТАМОЖ"})
        assert list(response.context["cl"].result_list) == [monograph]

    def test_no_distinct_over_the_publications(self, staff_client, monograph):
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(CHANGELIST, {"q": "Мозер таможня"})
        assert captured.captured_queries
        assert not [q for q in captured if 'DISTINCT "publications_publication"' in q["sql"]]

    def test_autocomplete_of_a_parent_uses_the_same_search(self, staff_client, monograph):
        response = staff_client.get(
            reverse("admin:autocomplete"),
            {
                "term": "Moser",
                "app_label": "publications",
                "model_name": "publication",
                "field_name": "parent",
            },
        )
        assert [row["id"] for row in response.json()["results"]] == [str(monograph.pk)]


def many_publications(count):
    """Publications as the list shows them: two authors, a topic, a file with downloads each."""
    topic = TopicFactory()
    publications = []
    for n in range(count):
        publication = PublicationFactory(year=2000 + n % 5)
        AuthorshipFactory.create_batch(2, publication=publication)
        publication.topics.add(topic)
        PublicationFileFactory(publication=publication, download_count=n)
        publications.append(publication)
    return publications


class TestChangelist:
    @pytest.mark.parametrize("rows", [3, 50])
    def test_a_fixed_number_of_queries(self, staff_client, rows, django_assert_num_queries):
        many_publications(rows)
        staff_client.get(CHANGELIST)  # The session and the site's first-request lookups.
        # Session, user, the years, the topics, the count, the page (its download totals are
        # a column of the publication).
        with django_assert_num_queries(6):
            response = staff_client.get(CHANGELIST)
        assert len(response.context["cl"].result_list) == rows

    @pytest.mark.parametrize("rows", [3, 50])
    def test_a_fixed_number_of_queries_when_searching(
        self, staff_client, rows, django_assert_num_queries
    ):
        many_publications(rows)
        staff_client.get(CHANGELIST)
        # As above, and the ids of the publications of the people the word names.
        with django_assert_num_queries(7):
            response = staff_client.get(CHANGELIST, {"q": "Публикация"})
        assert response.context["cl"].result_count == rows

    def test_downloads_are_the_sum_over_the_files(self, staff_client):
        publication = PublicationFactory()
        PublicationFileFactory(publication=publication, download_count=7)
        PublicationFileFactory(publication=publication, download_count=5)
        PublicationFactory()
        response = staff_client.get(CHANGELIST)
        rows = {p.pk: p for p in response.context["cl"].result_list}
        admin = response.context["cl"].model_admin
        assert admin.downloads(rows[publication.pk]) == 12
        assert [admin.downloads(p) for p in rows.values() if p.pk != publication.pk] == [0]

    def test_no_full_count_and_no_facets(self, staff_client, publication):
        html = staff_client.get(CHANGELIST, {"q": "Mozer"}).content.decode()
        assert "1 результат" in html
        assert "всего" not in html  # Django's "(N total)" needs a second count.
        assert "_facets" not in html

    def test_a_large_count_is_marked_as_an_estimate(self, staff_client):
        many_publications(3)
        with (
            mock.patch.object(db.EstimatedCountPaginator, "exact_up_to", 1),
            mock.patch.object(db, "is_postgresql", return_value=True),
            mock.patch.object(db, "planner_estimate", return_value=95_000),
        ):
            response = staff_client.get(CHANGELIST)
        html = response.content.decode()
        assert response.context["cl"].result_count == 95_000
        assert "Около 95000: это оценка базы данных" in html
        assert len(response.context["cl"].result_list) == 3

    def test_sorts_only_by_indexed_columns(self, staff_client):
        second = PublicationFactory(title="Бюджет", year=2019)
        first = PublicationFactory(title="Аудит", year=2020)
        response = staff_client.get(CHANGELIST, {"o": "1"})
        assert list(response.context["cl"].result_list) == [first, second]
        headers = result_headers(response.context["cl"])
        sortable = [str(h["text"]) for h in headers if h["sortable"]]
        assert sortable == [_("title"), _("year"), _("published on the portal")]

    def test_an_exact_count_has_no_mark(self, staff_client, publication):
        assert "оценка базы данных" not in staff_client.get(CHANGELIST).content.decode()


class TestFilters:
    @pytest.fixture
    def rows(self):
        topic = TopicFactory()
        on_topic = PublicationFactory(year=2019)
        on_topic.topics.add(topic)
        on_topic.topics.add(TopicFactory())  # Two topics: still listed once.
        untopical = PublicationFactory(
            year=2020, published_at=timezone.now() - datetime.timedelta(days=400)
        )
        return topic, on_topic, untopical

    def listed(self, client, **params):
        response = client.get(CHANGELIST, params)
        assert response.status_code == 200
        return list(response.context["cl"].result_list)

    def test_year(self, staff_client, rows):
        _topic, on_topic, _untopical = rows
        assert self.listed(staff_client, year="2019") == [on_topic]
        html = staff_client.get(CHANGELIST).content.decode()
        assert "?year=2020" in html and "?year=2019" in html

    def test_topic(self, staff_client, rows):
        topic, on_topic, untopical = rows
        assert self.listed(staff_client, topics__id__exact=str(topic.pk)) == [on_topic]
        assert self.listed(staff_client, topics__id__exact="none") == [untopical]

    def test_published_on_the_portal(self, staff_client, rows):
        _topic, on_topic, _untopical = rows
        changelist = staff_client.get(CHANGELIST).context["cl"]
        (published,) = [
            f for f in changelist.filter_specs if f.title == _("published on the portal")
        ]
        past_week = dict(published.links)[_("Past 7 days")]
        assert self.listed(staff_client, **past_week) == [on_topic]

    @pytest.mark.parametrize(
        "params",
        [{"year": "²"}, {"year": "99999999999999999999"}, {"topics__id__exact": "x"}],
    )
    def test_bad_values_list_everything(self, staff_client, rows, params):
        response = staff_client.get(CHANGELIST, params)
        assert response.status_code == 200


class TestFilesAndTopics:
    FILES = reverse("admin:publications_publicationfile_changelist")
    TOPICS = reverse("admin:publications_topic_changelist")

    @pytest.mark.parametrize("query", ["Книга", "Supplement", "Цифровая таможня", "customs"])
    def test_files_are_found_by_name_label_or_publication_title(self, staff_client, query):
        publication = PublicationFactory(title="Цифровая таможня", title_en="Digital customs")
        wanted = PublicationFileFactory(
            publication=publication, original_name="Книга.pdf", label_en="Supplement"
        )
        PublicationFileFactory()
        response = staff_client.get(self.FILES, {"q": query})
        assert list(response.context["cl"].result_list) == [wanted]

    @pytest.mark.parametrize("rows", [3, 50])
    def test_files_list_runs_a_fixed_number_of_queries(
        self, staff_client, rows, django_assert_num_queries
    ):
        many_publications(rows)
        staff_client.get(self.FILES)
        # Session, user, the count, the page, the page's publications, the MIME types.
        with django_assert_num_queries(6):
            response = staff_client.get(self.FILES)
        files = response.context["cl"].result_list
        assert [f.download_count for f in files] == sorted(range(rows), reverse=True)
        assert str(files[0].publication) == files[0].publication.title

    @pytest.mark.parametrize("rows", [3, 50])
    def test_topics_list_counts_publications_in_a_fixed_number_of_queries(
        self, staff_client, rows, django_assert_num_queries
    ):
        many_publications(rows)
        TopicFactory()
        staff_client.get(self.TOPICS)
        with django_assert_num_queries(5):
            response = staff_client.get(self.TOPICS)
        admin = response.context["cl"].model_admin
        counts = sorted(admin.publication_count(t) for t in response.context["cl"].result_list)
        assert counts == [0, rows]

    def test_topics_sort_by_their_publications(self, staff_client):
        many_publications(2)
        used = Topic.objects.get()
        empty = TopicFactory(name="Я-тема")
        # Column 5: the checkbox, name, slug, featured, status, then the publications.
        fewest_first = staff_client.get(self.TOPICS, {"o": "5"}).context["cl"].result_list
        assert list(fewest_first) == [empty, used]
        most_first = staff_client.get(self.TOPICS, {"o": "-5"}).context["cl"].result_list
        assert list(most_first) == [used, empty]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes")
def test_the_search_can_use_the_trigram_indexes():
    """The indexes' expressions are the ones the search's icontains compiles to."""
    mozer()  # An author found by name: the condition then carries the ids of his works.
    queryset = search_publications(Publication.objects.order_by(), "таможня 978-5")
    with connection.cursor() as cursor:  # As if the table were large: bitmap scans only.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = queryset.explain()
    for index in ("title_ru", "title_en", "subtitle_ru", "subtitle_en", "isbn", "doi"):
        assert f"publication_{index}_trgm" in plan


def test_the_licence_and_edn_are_in_the_form_and_the_files_inline(staff_client, publication):
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    html = staff_client.get(url).content.decode()
    assert 'name="license"' in html
    assert 'name="edn"' in html
    assert 'name="files-0-license"' in html
    assert "Все права защищены" in html  # the choices in Russian


def test_people_and_organisation_forms_have_the_elibrary_and_ror_ids(staff_client):
    html = staff_client.get(reverse("admin:people_person_add")).content.decode()
    assert 'name="spin"' in html and 'name="rsci_author_id"' in html
    html = staff_client.get(reverse("admin:people_organization_add")).content.decode()
    assert 'name="ror"' in html
