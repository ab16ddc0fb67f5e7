"""The admin's messages read right in Russian whatever the gender of the model's name.

Django's Russian catalogue inflects for a masculine noun ("Добавить публикация", "Организация
… был успешно добавлен"); the project's catalogue rewords those messages so the name stands
alone (science_portal/admin_messages.py). Feminine: публикация, организация; masculine: доклад;
neuter: мероприятие, авторство.
"""

import datetime
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import strip_tags

from events.models import Talk
from people.models import Organization
from tests.admin_forms import form_values
from tests.events.factories import EventFactory, TalkFactory
from tests.people.factories import OrganizationFactory
from tests.publications.factories import PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def h1(response):
    return re.findall(r"<h1>(.*?)</h1>", response.content.decode(), re.S)


def texts(response):
    return [strip_tags(str(message)) for message in get_messages(response.wsgi_request)]


def organisation_form(**values):
    return {
        "name_ru": "Таможенная академия",
        "name_en": "Customs Academy",
        "slug": "customs-academy",
        "kind": Organization.Kind.ACADEMY,
        "status": "draft",
        **values,
    }


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/ru/admin/publications/publication/add/", "Добавить: публикация"),
        ("/ru/admin/people/organization/add/", "Добавить: организация"),
        ("/ru/admin/events/talk/add/", "Добавить: доклад"),
        ("/ru/admin/events/event/add/", "Добавить: мероприятие"),
        ("/en/admin/publications/publication/add/", "Add publication"),
    ],
)
def test_add_page_title(staff_client, url, title):
    response = staff_client.get(url)
    assert h1(response) == [title]
    assert f"<title>{title} |" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "button", "title"),
    [
        (
            "/ru/admin/publications/publication/",
            "Добавить: публикация",
            "Выберите запись для изменения (публикация)",
        ),
        ("/ru/admin/events/talk/", "Добавить: доклад", "Выберите запись для изменения (доклад)"),
        ("/en/admin/events/event/", "Add event", "Select event to change"),
    ],
)
def test_changelist_add_button_and_title(staff_client, url, button, title):
    response = staff_client.get(url)
    html = response.content.decode()
    assert re.search(rf'class="addlink">\s*{button}\s*</a>', html)
    assert h1(response) == [title]


def test_adding_an_organisation_says_so_in_the_feminine(staff_client):
    response = staff_client.post(
        "/ru/admin/people/organization/add/", organisation_form(), follow=True
    )
    assert texts(response) == ["Запись «Таможенная академия» (организация) добавлена."]

    response = staff_client.post(
        "/ru/admin/people/organization/add/",
        organisation_form(name_ru="Академия", slug="academy", _continue="1"),
        follow=True,
    )
    assert texts(response) == [
        "Запись «Академия» (организация) добавлена. Ниже её можно изменить снова."
    ]
    assert h1(response) == ["Изменить: организация"]


def test_changing_and_adding_another_in_russian_and_english(staff_client):
    organisation = OrganizationFactory(name="Академия", status="draft")
    url = reverse("admin:people_organization_change", args=[organisation.pk])
    form = organisation_form(name_ru="Академия", slug=organisation.slug, _addanother="1")
    response = staff_client.post(url, form, follow=True)
    assert texts(response) == [
        "Запись «Академия» (организация) изменена. Ниже можно добавить ещё одну."
    ]
    response = staff_client.post(url.replace("/ru/", "/en/"), form, follow=True)
    assert texts(response) == [
        "The organisation “Customs Academy” was changed successfully. You may add another "
        "organisation below."
    ]


def test_inline_add_another_label_names_the_model_alone(staff_client):
    publication = PublicationFactory()
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    html = staff_client.get(url).content.decode()
    labels = [
        json.loads(data.replace("&quot;", '"'))["options"]["addText"]
        for data in re.findall(r'data-inline-formset="([^"]+)"', html)
    ]
    assert "Авторство: добавить ещё" in labels
    assert "Издатель: добавить ещё" in labels
    assert "Файл: добавить ещё" in labels
    assert not any(label.startswith("Добавить еще один") for label in labels)


@pytest.mark.parametrize(
    ("make", "admin_name", "text"),
    [
        (
            lambda: PublicationFactory(title="Цифровая таможня"),
            "publications_publication",
            "Удалить запись «Цифровая таможня» (публикация)?",
        ),
        (
            lambda: TalkFactory(title="Лекция о ТН ВЭД"),
            "events_talk",
            "Удалить запись «Лекция о ТН ВЭД» (доклад)?",
        ),
        (
            lambda: EventFactory(
                title="Летняя школа",
                start_date=datetime.date(2021, 6, 28),
                end_date=datetime.date(2021, 7, 5),
            ),
            "events_event",
            "Удалить запись «Летняя школа» (мероприятие)?",
        ),
    ],
)
def test_delete_confirmation_and_message(staff_client, make, admin_name, text):
    obj = make()
    url = reverse(f"admin:{admin_name}_delete", args=[obj.pk])
    html = staff_client.get(url).content.decode()
    assert text in html
    assert "Вместе с ней будут удалены все следующие связанные объекты:" in html
    response = staff_client.post(url, {"post": "yes"}, follow=True)
    name = text.removeprefix("Удалить запись ").removesuffix("?")
    assert texts(response) == [f"Запись {name} удалена."]


def test_deleting_selected_rows_counts_them_without_agreement(staff_client):
    talks = [TalkFactory(), TalkFactory()]
    response = staff_client.post(
        "/ru/admin/events/talk/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in talks]},
    )
    assert "Удалить выбранные записи (доклады)?" in response.content.decode()
    response = staff_client.post(
        "/ru/admin/events/talk/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in talks], "post": "yes"},
        follow=True,
    )
    assert texts(response) == ["Удалено записей (доклады): 2."]
    assert not Talk.objects.exists()


def test_history_names_the_model_alone(staff_client):
    staff_client.post("/ru/admin/people/organization/add/", organisation_form(), follow=True)
    organisation = Organization.objects.get()
    url = reverse("admin:people_organization_history", args=[organisation.pk])
    html = staff_client.get(url).content.decode()
    assert "История изменений: Таможенная академия" in html
    assert "Создано." in html  # the first version, from the add form


def test_adding_a_talk_and_an_event_masculine_and_neuter(staff_client):
    event = EventFactory(
        title="Летняя школа",
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
    )
    url = reverse("admin:events_talk_add")
    values = form_values(staff_client.get(f"{url}?event={event.pk}"))
    values.update(title_ru="Лекция", kind="lecture")
    response = staff_client.post(url, values, follow=True)
    assert texts(response) == ["Запись «Лекция» (доклад) добавлена."]

    url = reverse("admin:events_event_add")
    values = form_values(staff_client.get(url))
    values.update(
        title_ru="Зимняя школа",
        slug="winter-school",
        type="summer_school",
        start_date="10.01.2022",
        end_date="15.01.2022",
        _addanother="1",
    )
    response = staff_client.post(url, values, follow=True)
    assert texts(response) == [
        "Запись «Зимняя школа» (мероприятие) добавлена. Ниже можно добавить ещё одну."
    ]


@pytest.mark.parametrize(
    ("count", "message"),
    [(1, "1 запись (тема) изменена."), (2, "2 записи (темы) изменены.")],
)
def test_rows_changed_in_the_list_are_counted(staff_client, count, message):
    topics = [TopicFactory(featured=False) for _ in range(2)]
    values = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "_save": "1",
    }
    for number, topic in enumerate(topics):
        values[f"form-{number}-id"] = str(topic.pk)
        if number < count:
            values[f"form-{number}-featured"] = "on"
    response = staff_client.post("/ru/admin/publications/topic/", values, follow=True)
    assert texts(response) == [message]
