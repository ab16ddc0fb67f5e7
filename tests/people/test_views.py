"""Public pages of people and organisations: what they show, what they hide, what they cost."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import resolve, reverse
from django.utils import translation

from core.publishing import Visibility
from people import queries
from people.models import Organization
from publications.queries import SECTION_LIMIT
from tests.events.factories import EventFactory, SpeakerFactory
from tests.people.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    image_bytes,
    mozer,
)
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFileFactory,
    PublisherFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = Visibility.DRAFT
LIST_URL = "/ru/people/"


def with_photo(person):
    person.photo.save("portrait.jpg", ContentFile(image_bytes()), save=True)
    return person


def people_with_positions(count):
    organization = OrganizationFactory()
    for _ in range(count):
        person = PersonFactory()
        AffiliationFactory(person=person, organization=organization)
        AffiliationFactory(person=person, organization=OrganizationFactory(parent=organization))


class TestUrls:
    @pytest.mark.parametrize(
        ("name", "kwargs", "path"),
        [
            ("people:list", {}, "/ru/people/"),
            ("people:person", {"slug": "sergei-mozer"}, "/ru/people/sergei-mozer/"),
            ("people:organizations", {}, "/ru/people/organisations/"),
            (
                "people:organization",
                {"slug": "world-customs-organization"},
                "/ru/people/organisations/world-customs-organization/",
            ),
            (
                "people:photo",
                {"slug": "sergei-mozer", "size": "small"},
                "/ru/people/sergei-mozer/photo/small/",
            ),
        ],
    )
    def test_reverse_and_resolve_agree(self, name, kwargs, path):
        with translation.override("ru"):
            assert reverse(name, kwargs=kwargs) == path
        match = resolve(path)
        assert f"{match.namespace}:{match.url_name}" == name
        assert match.kwargs == kwargs


class TestPeopleList:
    def test_published_people_are_listed_and_drafts_are_not(self, client):
        mozer()
        PersonFactory(family_name_cyr="Скрытов", family_name_lat="Hidden", status=DRAFT)
        response = client.get(LIST_URL)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Мозер Сергей" in content
        assert "Скрытов" not in content and "Hidden" not in content
        assert response.context["paginator"].count == 1

    def test_english_names_in_english(self, client):
        mozer()
        content = client.get("/en/people/").content.decode()
        assert "Sergei Mozer" in content
        assert "Ph.D. in law" in content

    @pytest.mark.parametrize(
        "query", ["Moser", "Mozer", "Мозер", "mozer s", "С. Мозер", "Mozer S."]
    )
    def test_a_name_in_any_spelling_finds_the_person(self, client, query):
        person = mozer()
        PersonFactory(family_name_cyr="Ткаченко", family_name_lat="Tkachenko")
        response = client.get(LIST_URL, {"q": query})
        assert response.status_code == 200
        assert list(response.context["people"]) == [person]

    def test_a_draft_is_not_found_by_name(self, client):
        mozer(status=DRAFT)
        response = client.get(LIST_URL, {"q": "Moser"})
        assert list(response.context["people"]) == []
        assert "Мозер" not in response.content.decode()

    def test_index_letters_in_both_scripts(self, client):
        mozer()
        PersonFactory(family_name_cyr="Ткаченко", family_name_lat="Tkachenko")
        PersonFactory(family_name_cyr="Яблоков", family_name_lat="Yablokov", status=DRAFT)
        response = client.get(LIST_URL)
        assert response.context["alphabets"] == [["М", "Т"], ["M", "T"]]
        english = client.get("/en/people/")
        assert english.context["alphabets"] == [["M", "T"], ["М", "Т"]]

    @pytest.mark.parametrize("letter", ["М", "м", "M", "m"])
    def test_a_letter_shows_the_people_filed_under_it(self, client, letter):
        person = mozer()
        PersonFactory(family_name_cyr="Ткаченко", family_name_lat="Tkachenko")
        response = client.get(LIST_URL, {"letter": letter})
        assert list(response.context["people"]) == [person]
        assert 'aria-current="true"' in response.content.decode()

    def test_organisation_filter_includes_its_units(self, client):
        commission = OrganizationFactory(slug="eec")
        division = OrganizationFactory(parent=OrganizationFactory(parent=commission))
        inside = PersonFactory()
        AffiliationFactory(person=inside, organization=division)
        AffiliationFactory(person=inside, organization=commission)
        PersonFactory()
        response = client.get(LIST_URL, {"organization": "eec"})
        assert list(response.context["people"]) == [inside]

    @pytest.mark.parametrize(
        "params",
        [
            {"organization": "no-such-organisation"},
            {"letter": "12"},
            {"letter": "ab"},
            {"q": "x" * 500},
        ],
    )
    def test_bad_filter_values_give_a_400_with_a_form_error(self, client, params):
        mozer()
        response = client.get(LIST_URL, params)
        assert response.status_code == 400
        assert response.context["filter"].form.errors
        assert 'class="errorlist' in response.content.decode()

    def test_a_draft_organisation_is_not_a_filter_choice(self, client):
        OrganizationFactory(slug="secret", status=DRAFT)
        response = client.get(LIST_URL, {"organization": "secret"})
        assert response.status_code == 400
        assert "secret" not in [
            choice[0] for choice in response.context["filter"].form.fields["organization"].choices
        ]

    @pytest.mark.parametrize("page", ["abc", "999", "-1", "0"])
    def test_bad_pages_are_not_found(self, client, page):
        PersonFactory.create_batch(3)
        assert client.get(LIST_URL, {"page": page}).status_code == 404

    def test_pagination_links_keep_the_filters(self, client, settings):
        for number in range(25):
            PersonFactory(family_name_cyr=f"Мозер{number:02}", family_name_lat=f"Mozer{number:02}")
        organization = OrganizationFactory(slug="rca")
        for person in PersonFactory._meta.model.objects.all():
            AffiliationFactory(person=person, organization=organization)
        response = client.get(LIST_URL, {"q": "mozer", "organization": "rca"})
        content = response.content.decode()
        assert response.context["paginator"].num_pages == 2
        assert "?q=mozer&amp;organization=rca&amp;page=2" in content
        second = client.get(LIST_URL, {"q": "mozer", "organization": "rca", "page": 2})
        assert second.status_code == 200
        assert len(second.context["people"]) == 5

    def test_people_are_in_alphabetical_order_of_the_language(self, client):
        PersonFactory(family_name_cyr="Яковлев", family_name_lat="Abramov")
        PersonFactory(family_name_cyr="Абрамов", family_name_lat="Yakovlev")
        russian = [p.family_name_cyr for p in client.get(LIST_URL).context["people"]]
        english = [p.family_name_lat for p in client.get("/en/people/").context["people"]]
        assert russian == ["Абрамов", "Яковлев"]
        assert english == ["Abramov", "Yakovlev"]

    @pytest.mark.postgres
    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's choice")
    @pytest.mark.parametrize(("language", "index"), [("ru", "cyr"), ("en", "lat")])
    def test_the_first_page_is_read_in_order_from_an_index(self, language, index):
        """Not a sort of every public person: the name order has an index per language."""
        with connection.cursor() as cursor:  # As if the table were large.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        with translation.override(language):
            plan = queries.listed_people()[:20].explain()
        assert f"person_public_order_{index}_idx" in plan
        assert "Sort" not in plan.replace("Sort Key", "")

    def test_only_current_positions_at_published_organisations_are_shown(self, client):
        person = mozer()
        AffiliationFactory(person=person, position="Действующая должность")
        AffiliationFactory(
            person=person, position="Прежняя должность", end_date=datetime.date(2010, 1, 1)
        )
        AffiliationFactory(
            person=person,
            position="Скрытая должность",
            organization=OrganizationFactory(status=DRAFT),
        )
        content = client.get(LIST_URL).content.decode()
        assert "Действующая должность" in content
        assert "Прежняя должность" not in content
        assert "Скрытая должность" not in content

    @pytest.mark.parametrize("count", [3, 50])
    def test_the_query_count_does_not_grow_with_the_list(
        self, client, django_assert_num_queries, count
    ):
        people_with_positions(count)
        with django_assert_num_queries(5):
            response = client.get(LIST_URL)
        assert response.status_code == 200

    @pytest.mark.parametrize("count", [3, 50])
    def test_the_query_count_does_not_grow_when_filtered(
        self, client, django_assert_num_queries, count
    ):
        people_with_positions(count)
        slug = Organization.objects.filter(parent=None).get().slug
        with django_assert_num_queries(7):
            response = client.get(LIST_URL, {"q": "Ivanov", "organization": slug})
        assert response.status_code == 200


def test_people_created_or_renamed_anywhere_are_found_by_name(client):
    """Not only the admin: a person saved from a shell, an import or a service is found."""
    from people.models import NameVariant, Person

    person = Person.objects.create(
        family_name_cyr="Ткаченко", given_name_cyr="Марина", slug="mt", **Person.public_values()
    )
    assert "Ткаченко" in client.get(LIST_URL, {"q": "Tkachenko"}).content.decode()
    NameVariant.objects.create(person=person, name="Tkatchenko M.")
    assert "Ткаченко" in client.get(LIST_URL, {"q": "tkatchenko m"}).content.decode()
    person.family_name_cyr = "Орлова"
    person.save()
    assert "Орлова" in client.get(LIST_URL, {"q": "Orlova"}).content.decode()
    # The old name is still a known variant ("Tkatchenko M."), until the variant goes.
    assert "Орлова" in client.get(LIST_URL, {"q": "Tkachenko"}).content.decode()
    person.name_variants.get().delete()
    assert "Орлова" not in client.get(LIST_URL, {"q": "Tkachenko"}).content.decode()


class TestPersonPage:
    def test_the_page_shows_the_profile(self, client):
        person = mozer(
            orcid="0000-0002-1825-0097",
            biography_ru="Исследует цифровую таможню.",
            email="mozer@example.org",
            email_public=True,
        )
        division = OrganizationFactory(
            name="Отдел перспективных таможенных технологий",
            parent=OrganizationFactory(name="Департамент таможенного законодательства"),
        )
        AffiliationFactory(person=person, organization=division, position="Заместитель начальника")
        AffiliationFactory(
            person=person,
            organization=OrganizationFactory(name="НИИ РТА"),
            position="Старший научный сотрудник",
        )
        AffiliationFactory(
            person=person,
            organization=OrganizationFactory(name="Старое место"),
            position="Ассистент",
            start_date=datetime.date(2001, 1, 1),
            end_date=datetime.date(2005, 1, 1),
        )
        response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert "<h1>Мозер Сергей</h1>" in content
        assert "кандидат юридических наук" in content
        assert "Заместитель начальника" in content
        assert "Департамент таможенного законодательства" in content
        assert "Старший научный сотрудник" in content
        assert [a.position for a in response.context["current_affiliations"]] == [
            "Заместитель начальника",
            "Старший научный сотрудник",
        ]
        assert [a.position for a in response.context["past_affiliations"]] == ["Ассистент"]
        assert 'href="https://orcid.org/0000-0002-1825-0097"' in content
        assert "Исследует цифровую таможню." in content
        assert "mailto:mozer@example.org" in content
        assert "Sergei Moser" in content  # Other spellings are listed.

    def test_the_english_page(self, client):
        person = mozer()
        with translation.override("en"):
            url = person.get_absolute_url()
        content = client.get(url).content.decode()
        assert "<h1>Sergei Mozer</h1>" in content
        assert "Ph.D. in law" in content

    def test_the_email_stays_hidden_without_consent(self, client):
        person = mozer(email="private@example.org", email_public=False)
        response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert "<h1>Мозер Сергей</h1>" in content  # the profile itself is shown
        assert "private@example.org" not in content
        # No mailto in the profile (the footer's is the portal's own contact address).
        assert "mailto:" not in content.split('<footer class="site-footer">', 1)[0]

    def test_a_draft_profile_is_not_found(self, client):
        person = mozer(status=DRAFT)
        assert client.get(person.get_absolute_url()).status_code == 404

    def test_staff_preview_a_draft(self, staff_client):
        person = mozer(status=DRAFT)
        response = staff_client.get(person.get_absolute_url())
        assert response.status_code == 200
        assert "noindex" in response.content.decode()

    def test_positions_at_draft_organisations_are_hidden(self, client):
        person = mozer()
        AffiliationFactory(
            person=person, organization=OrganizationFactory(name="Секретный отдел", status=DRAFT)
        )
        assert "Секретный отдел" not in client.get(person.get_absolute_url()).content.decode()

    def test_a_draft_parent_is_left_out_of_the_chain(self, client):
        person = mozer()
        hidden = OrganizationFactory(name="Скрытый департамент", status=DRAFT)
        AffiliationFactory(
            person=person, organization=OrganizationFactory(name="Отдел", parent=hidden)
        )
        content = client.get(person.get_absolute_url()).content.decode()
        assert "Отдел" in content
        assert "Скрытый департамент" not in content

    def test_the_photo_goes_through_the_photo_view(self, client):
        person = with_photo(mozer())
        content = client.get(person.get_absolute_url()).content.decode()
        assert "/ru/people/sergei-mozer/photo/medium/?v=" in content
        assert "/media/" not in content

    @pytest.mark.parametrize("count", [3, 50])
    def test_the_query_count_does_not_grow(self, client, django_assert_num_queries, count):
        person = mozer()
        organization = OrganizationFactory(parent=OrganizationFactory(parent=OrganizationFactory()))
        AffiliationFactory.create_batch(count, person=person, organization=organization)
        for number in range(count):
            person.name_variants.create(name=f"Variant {number}")
            PublicationFileFactory(publication=AuthorshipFactory(person=person).publication)
            SpeakerFactory(person=person)
        # 3 for the profile, 5 for the publications section (with how many by role), 4 for the
        # events section.
        with django_assert_num_queries(12):
            response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        shown = min(count, SECTION_LIMIT)  # the rest are one link away
        assert html.count('<li class="pub-item">') == shown
        assert html.count('class="format-badge"') == shown
        assert (f"?author={person.slug}" in html) == (count > SECTION_LIMIT)


class TestOrganizations:
    def test_the_list_groups_by_kind_with_units_below(self, client):
        commission = OrganizationFactory(
            name="Евразийская экономическая комиссия", kind=Organization.Kind.INTERNATIONAL
        )
        department = OrganizationFactory(name="Департамент", parent=commission)
        OrganizationFactory(name="Отдел", parent=department)
        OrganizationFactory(name="Академия", kind=Organization.Kind.ACADEMY)
        OrganizationFactory(name="Черновик", status=DRAFT)
        response = client.get(reverse("people:organizations"))
        assert response.status_code == 200
        groups = response.context["groups"]
        assert [group["kind"] for group in groups] == ["academy", "international"]
        (root,) = groups[1]["organizations"]
        assert root == commission
        assert root.children == [department]
        assert [unit.name for unit in root.children[0].children] == ["Отдел"]
        assert "Черновик" not in response.content.decode()

    @pytest.mark.parametrize("count", [3, 50])
    def test_the_list_query_count_does_not_grow(self, client, django_assert_num_queries, count):
        parent = OrganizationFactory()
        OrganizationFactory.create_batch(count, parent=parent)
        with django_assert_num_queries(1):
            assert client.get(reverse("people:organizations")).status_code == 200

    def test_the_page_shows_units_and_people_now(self, client):
        academy = OrganizationFactory(name="Российская таможенная академия", country="RU")
        institute = OrganizationFactory(name="Научно-исследовательский институт", parent=academy)
        OrganizationFactory(name="Скрытое подразделение", parent=academy, status=DRAFT)
        vice_rector = PersonFactory(family_name_cyr="Ткаченко", given_name_cyr="Марина")
        AffiliationFactory(
            person=vice_rector, organization=academy, position="Проректор по научной работе"
        )
        former = PersonFactory(family_name_cyr="Бывший")
        AffiliationFactory(person=former, organization=academy, end_date=datetime.date(2010, 1, 1))
        hidden = PersonFactory(family_name_cyr="Черновиков", status=DRAFT)
        AffiliationFactory(person=hidden, organization=academy)
        response = client.get(academy.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert institute.name in content
        assert "Скрытое подразделение" not in content
        assert "Ткаченко Марина" in content and "Проректор по научной работе" in content
        assert "Бывший" not in content
        assert "Черновиков" not in content
        assert "Россия" in content

    def test_a_unit_page_names_its_parents(self, client):
        commission = OrganizationFactory(name="Евразийская экономическая комиссия")
        department = OrganizationFactory(name="Департамент", parent=commission)
        division = OrganizationFactory(name="Отдел", parent=department)
        response = client.get(division.get_absolute_url())
        assert response.context["ancestors"] == [commission, department]

    def test_a_draft_organisation_is_not_found(self, client):
        organization = OrganizationFactory(status=DRAFT)
        assert client.get(organization.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("count", [3, 50])
    def test_the_page_query_count_does_not_grow(self, client, django_assert_num_queries, count):
        organization = OrganizationFactory(parent=OrganizationFactory())
        OrganizationFactory.create_batch(count, parent=organization)
        for person in PersonFactory.create_batch(count):
            AffiliationFactory(person=person, organization=organization)
            PublicationFileFactory(
                publication=PublisherFactory(organization=organization).publication
            )
            EventFactory().organizers.add(organization)
        # 3 for the page, 5 for the publications section (with how many), 1 for the events.
        with django_assert_num_queries(9):
            response = client.get(organization.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        shown = min(count, SECTION_LIMIT)  # the rest are one link away
        assert html.count('<li class="pub-item">') == shown
        assert html.count('class="format-badge"') == shown
        assert (f"?publisher={organization.slug}" in html) == (count > SECTION_LIMIT)


class TestPhotoView:
    def test_a_published_photo_is_served_as_a_thumbnail(self, client):
        person = with_photo(mozer())
        response = client.get(person.photo_url("small"))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert "public" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:4] == b"RIFF"

    def test_a_draft_photo_is_not_found(self, client):
        person = with_photo(mozer(status=DRAFT))
        assert client.get(person.photo_url("small")).status_code == 404
        assert client.get(person.photo_url("medium")).status_code == 404

    def test_staff_see_a_draft_photo_uncached(self, staff_client):
        person = with_photo(mozer(status=DRAFT))
        response = staff_client.get(person.photo_url("medium"))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]

    def test_unknown_size_or_no_photo_is_not_found(self, client):
        person = with_photo(mozer())
        other = PersonFactory()
        assert client.get(f"/ru/people/{person.slug}/photo/original/").status_code == 404
        assert client.get(f"/ru/people/{other.slug}/photo/small/").status_code == 404
