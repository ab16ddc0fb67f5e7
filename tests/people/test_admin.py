"""Staff edit people and organisations in the admin: pages render, checks hold, search keeps up."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from PIL import Image
from reversion.models import Revision

from core.admin import search_each_word
from people.admin import person_matches
from people.models import Organization, Person
from tests.core.test_images import decompression_bomb, jpeg_with_exif, upload
from tests.people.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    image_bytes,
    image_upload,
    mozer,
)

pytestmark = pytest.mark.django_db


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def person_form(**overrides):
    data = {
        "family_name_cyr": "Мозер",
        "given_name_cyr": "Сергей",
        "patronymic_cyr": "",
        "family_name_lat": "Mozer",
        "given_name_lat": "Sergei",
        "patronymic_lat": "",
        "slug": "sergei-mozer",
        "status": "published",
        "degree_ru": "кандидат юридических наук",
        "degree_en": "Ph.D. in law",
        "academic_title_ru": "",
        "academic_title_en": "",
        "orcid": "",
        "biography_ru": "",
        "biography_en": "",
        "email": "",
        "affiliations-TOTAL_FORMS": "0",
        "affiliations-INITIAL_FORMS": "0",
        "name_variants-TOTAL_FORMS": "0",
        "name_variants-INITIAL_FORMS": "0",
    }
    return data | overrides


class TestPages:
    def test_person_changelist_add_and_change_render(self, staff_client):
        person = mozer()
        person.photo.save("p.jpg", ContentFile(image_bytes()), save=True)
        AffiliationFactory(person=person)
        assert staff_client.get(reverse("admin:people_person_changelist")).status_code == 200
        assert staff_client.get(reverse("admin:people_person_add")).status_code == 200
        response = staff_client.get(reverse("admin:people_person_change", args=[person.pk]))
        assert response.status_code == 200
        content = response.content.decode()
        assert person.photo_url("medium") in content  # The photo preview.
        assert person.get_absolute_url() in content  # "View on site".

    def test_organisation_changelist_add_and_change_render(self, staff_client):
        organization = OrganizationFactory(parent=OrganizationFactory())
        assert staff_client.get(reverse("admin:people_organization_changelist")).status_code == 200
        assert staff_client.get(reverse("admin:people_organization_add")).status_code == 200
        change = reverse("admin:people_organization_change", args=[organization.pk])
        assert staff_client.get(change).status_code == 200

    @pytest.mark.parametrize(
        "params",
        [
            {"has_photo": "yes"},
            {"has_photo": "no"},
            {"degree": "кандидат юридических наук"},
            {"status__exact": "draft"},
        ],
    )
    def test_person_list_filters(self, staff_client, params):
        mozer()
        response = staff_client.get(reverse("admin:people_person_changelist"), params)
        assert response.status_code == 200

    def test_organisation_filter(self, staff_client):
        person = mozer()
        affiliation = AffiliationFactory(person=person)
        AffiliationFactory()  # Someone elsewhere.
        response = staff_client.get(
            reverse("admin:people_person_changelist"),
            {"affiliations__organization__id__exact": affiliation.organization_id},
        )
        assert list(response.context["cl"].result_list) == [person]

    @pytest.mark.parametrize("term", ["Moser", "Мозер", "mozer s", "Sergei Moser", "sergei-mozer"])
    def test_search_finds_any_spelling(self, staff_client, term):
        person = mozer()
        PersonFactory()
        response = staff_client.get(reverse("admin:people_person_changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [person]

    def test_organisation_autocomplete(self, staff_client):
        OrganizationFactory(
            name="Всемирная таможенная организация", name_en="World Customs Organization"
        )
        OrganizationFactory(name="Академия")
        response = staff_client.get(
            reverse("admin:autocomplete"),
            {
                "term": "World",
                "app_label": "people",
                "model_name": "affiliation",
                "field_name": "organization",
            },
        )
        assert response.status_code == 200
        assert [r["text"] for r in response.json()["results"]] == [
            "Всемирная таможенная организация"
        ]


class TestSaving:
    def test_inlines_are_saved_and_search_keys_refreshed(self, staff_client):
        organization = OrganizationFactory()
        data = person_form(
            **{
                "affiliations-TOTAL_FORMS": "1",
                "affiliations-0-organization": str(organization.pk),
                "affiliations-0-position_ru": "Старший научный сотрудник",
                "affiliations-0-position_en": "Senior Researcher",
                "affiliations-0-order": "0",
                "name_variants-TOTAL_FORMS": "2",
                "name_variants-0-name": "Sergei Moser",
                "name_variants-1-name": "Moser S.",
            }
        )
        response = staff_client.post(reverse("admin:people_person_add"), data)
        assert response.status_code == 302, response.context["errors"]
        person = Person.objects.get(slug="sergei-mozer")
        assert person.affiliations.get().position_en == "Senior Researcher"
        assert list(Person.objects.matching("Moser S")) == [person]
        assert list(Person.objects.matching("Мозер")) == [person]

    def test_a_good_photo_is_stored_clean_with_thumbnails(self, staff_client, media_root):
        data = person_form(photo=upload(jpeg_with_exif(), "IMG_0001.JPG"))
        response = staff_client.post(reverse("admin:people_person_add"), data)
        assert response.status_code == 302
        person = Person.objects.get()
        assert person.photo.name.startswith("people/photos/")
        assert "IMG_0001" not in person.photo.name
        with person.photo.open("rb") as stored:
            data = stored.read()
        assert b"SecretCamera" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif()
        names = sorted(path.name for path in stored_files(media_root))
        stem = person.photo.name.rsplit("/", 1)[-1].split(".")[0]
        assert names == sorted([f"{stem}.jpg", f"{stem}.medium.webp", f"{stem}.small.webp"])

    @pytest.mark.parametrize(
        "bad",
        [
            lambda: upload(b"GIF89a definitely not a photo", "photo.jpg"),
            lambda: upload(decompression_bomb(), "photo.png", "image/png"),
            lambda: upload(image_bytes("PNG")[:60], "photo.png", "image/png"),
        ],
        ids=["fake", "bomb", "truncated"],
    )
    def test_a_bad_photo_gives_a_form_error_and_nothing_is_stored(
        self, staff_client, media_root, bad
    ):
        response = staff_client.post(reverse("admin:people_person_add"), person_form(photo=bad()))
        assert response.status_code == 200
        assert "photo" in response.context["adminform"].form.errors
        assert not Person.objects.exists()
        assert stored_files(media_root) == []

    def test_a_replaced_photo_stays_while_the_history_names_it(self, staff_client, media_root):
        staff_client.post(reverse("admin:people_person_add"), person_form(photo=image_upload()))
        person = Person.objects.get()
        old_name = person.photo.name
        data = person_form(photo=image_upload(image_format="PNG", name="new.png"))
        change = reverse("admin:people_person_change", args=[person.pk])
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda func, **kwargs: func())
            assert staff_client.post(change, data).status_code == 302
        person.refresh_from_db()
        assert person.photo.name != old_name and person.photo.name.endswith(".png")
        assert person.photo.storage.exists(old_name)  # a revert brings it back
        assert len(stored_files(media_root)) == 6  # two photos with their thumbnails
        # Once no version names it (history pruned), the old photo goes; the current stays.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda func, **kwargs: func())
            Revision.objects.all().delete()
        assert not person.photo.storage.exists(old_name)
        assert len(stored_files(media_root)) == 3

    def test_a_hierarchy_cycle_is_refused_in_the_admin(self, staff_client):
        commission = OrganizationFactory()
        department = OrganizationFactory(parent=commission)
        division = OrganizationFactory(parent=department)
        data = {
            "name_ru": commission.name_ru,
            "name_en": commission.name_en,
            "short_name_ru": "",
            "short_name_en": "",
            "slug": commission.slug,
            "kind": commission.kind,
            "country": "",
            "parent": str(division.pk),
            "website": "",
            "description_ru": "",
            "description_en": "",
            "status": "published",
        }
        change = reverse("admin:people_organization_change", args=[commission.pk])
        response = staff_client.post(change, data)
        assert response.status_code == 200
        assert "parent" in response.context["adminform"].form.errors
        commission.refresh_from_db()
        assert commission.parent is None
        assert Organization.objects.get(pk=division.pk).parent == department


class TestChangelistAtScale:
    """Search through the normalised names, no join on the variants, a fixed number of queries."""

    CHANGELIST = reverse("admin:people_person_changelist")

    @pytest.mark.parametrize(
        "term", ["озер", "MOZER", "Moser S.", "С. Мозер", "серг моз", "0000-0002-1825", "sergei"]
    )
    def test_search_finds_once_whatever_matches(self, staff_client, term):
        person = mozer(orcid="0000-0002-1825-0097")
        PersonFactory()
        response = staff_client.get(self.CHANGELIST, {"q": term})
        assert list(response.context["cl"].result_list) == [person]
        assert response.context["cl"].result_count == 1

    @pytest.mark.parametrize("term", ["Mozart", "1825-0097", "ivanov mozer"])
    def test_search_finds_nobody_else(self, staff_client, term):
        mozer(orcid="0000-0002-1825-0097")
        response = staff_client.get(self.CHANGELIST, {"q": term})
        assert list(response.context["cl"].result_list) == []

    @pytest.mark.parametrize("rows", [3, 50])
    def test_a_fixed_number_of_queries(self, staff_client, rows, django_assert_num_queries):
        for _ in range(rows):
            AffiliationFactory(person=PersonFactory(variants=["Вариант"]))
        staff_client.get(self.CHANGELIST)
        # Session, user, the organisations and degrees to filter by, the count, the page,
        # the current affiliations of its people.
        with django_assert_num_queries(7):
            response = staff_client.get(self.CHANGELIST, {"q": "Пётр"})
        assert response.context["cl"].result_count == rows

    @pytest.mark.postgres
    @pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes")
    def test_the_search_can_use_the_trigram_index(self):
        queryset = search_each_word(Person.objects.order_by(), "Мозер", person_matches)
        with connection.cursor() as cursor:  # As if the table were large: bitmap scans only.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        assert "person_search_names_trgm" in queryset.explain()
