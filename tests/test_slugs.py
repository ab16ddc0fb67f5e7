"""Slugs in Latin letters from a title in any script: typed in the admin or filled on save."""

import json
import re

import pytest
from django.urls import reverse

from core.text import slug_for
from events.models import Event
from people.models import Organization, Person
from publications.models import Publication, Topic
from tests.admin_forms import form_values
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def test_slug_for_transliterates_and_fits():
    assert slug_for("Цифровые технологии в таможне") == "tsifrovye-tekhnologii-v-tamozhne"
    assert slug_for("Таможня-2021: «итоги»") == "tamozhnya-2021-itogi"
    assert slug_for("Щука и ёж", max_length=8) == "shchuka"
    assert slug_for("数字") == ""


@pytest.mark.parametrize(
    ("make", "slug"),
    [
        (lambda: Topic.objects.create(name_ru="Цифровая таможня"), "tsifrovaya-tamozhnya"),
        (
            lambda: Publication.objects.create(type="monograph", title_ru="Книга", year=2021),
            "kniga",
        ),
        (lambda: Organization.objects.create(name_ru="Академия"), "akademiya"),
        (
            lambda: Event.objects.create(title_ru="Летняя школа", type="series"),
            "letnyaya-shkola",
        ),
        (
            lambda: Person.objects.create(family_name_cyr="Мозер", given_name_cyr="Сергей"),
            "sergei-mozer",
        ),
        (
            lambda: Person.objects.create(
                family_name_cyr="Мозер", family_name_lat="Moser", given_name_lat="Sergey"
            ),
            "sergey-moser",
        ),
    ],
)
def test_an_empty_slug_is_filled_on_save(make, slug):
    assert make().slug == slug


def test_a_taken_slug_gets_a_number_and_a_given_one_is_kept():
    Topic.objects.create(name_ru="Таможня")
    assert Topic.objects.create(name_ru="Таможня").slug == "tamozhnya-2"
    assert Topic.objects.create(name_ru="Таможня").slug == "tamozhnya-3"
    assert Topic.objects.create(name_ru="Таможня", slug="customs").slug == "customs"


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("/ru/admin/publications/publication/add/", "title_ru"),
        ("/ru/admin/publications/topic/add/", "name_ru"),
        ("/ru/admin/people/organization/add/", "name_ru"),
        ("/ru/admin/events/event/add/", "title_ru"),
    ],
)
def test_admin_fills_the_slug_from_the_russian_title_and_says_what_it_is(staff_client, url, source):
    html = staff_client.get(url).content.decode()
    data = re.search(r'data-prepopulated-fields="([^"]+)"', html).group(1)
    fields = json.loads(data.replace("&quot;", '"'))
    assert [(f["id"], f["dependency_ids"]) for f in fields] == [("#id_slug", [f"#id_{source}"])]
    assert "Последняя часть адреса страницы: латинские буквы, цифры и дефисы" in html


def test_slug_help_text_in_english(staff_client):
    html = staff_client.get("/en/admin/publications/topic/add/").content.decode()
    assert "The last part of the page's address, in Latin letters, digits and hyphens" in html


def test_a_publication_added_without_a_slug_gets_one_from_its_russian_title(staff_client):
    url = reverse("admin:publications_publication_add")
    values = form_values(staff_client.get(url))
    values.update(type="monograph", title_ru="Таможенное дело", year="2021", slug="")
    response = staff_client.post(url, values)
    assert response.status_code == 302, response.context["errors"]
    assert Publication.objects.get().slug == "tamozhennoe-delo"


def test_a_publication_slug_typed_in_is_kept(staff_client):
    publication = PublicationFactory(slug="given")
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    values = form_values(staff_client.get(url))
    assert values["slug"] == "given"
    assert staff_client.post(url, values).status_code == 302
    publication.refresh_from_db()
    assert publication.slug == "given"


def test_the_admin_page_spells_letters_as_the_server_does(staff_client):
    html = staff_client.get("/ru/admin/publications/topic/add/").content.decode()
    table = json.loads(re.search(r'<script id="slug-letters"[^>]*>(.*?)</script>', html).group(1))
    assert table["ц"] == "ts"
    assert table["Щ"] == "Shch"
    assert table["й"] == "i"
    assert table["ь"] == ""
    assert html.index("admin/js/urlify.js") < html.index("/static/js/admin-slugs.js")
