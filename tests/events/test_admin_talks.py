"""Talks in the admin offer only their event's sessions, on their own page and on the event's."""

import datetime

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.admin_forms import form_values
from tests.events.factories import EventFactory, SessionFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    school = EventFactory(
        title="Летняя школа",
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
    )
    SessionFactory(event=school, date=datetime.date(2021, 6, 28), title="Открытие")
    SessionFactory(event=school, date=datetime.date(2021, 6, 29), title="Цифровая таможня")
    return school


@pytest.fixture
def other_session():
    return SessionFactory(title="Чужая секция")


def session_options(html, name="session"):
    select = lxml.html.fromstring(html).xpath(f'//select[@name="{name}"]')[0]
    return [option.text_content() for option in select.xpath("./option") if option.get("value")]


def test_a_talk_added_from_its_event_offers_only_the_events_sessions(
    staff_client, school, other_session
):
    html = staff_client.get(reverse("admin:events_event_change", args=[school.pk])).content.decode()
    add = f"{reverse('admin:events_talk_add')}?event={school.pk}"
    assert f'<a href="{add}" class="addlink">Добавить доклад к этому мероприятию</a>' in html

    html = staff_client.get(add).content.decode()
    assert session_options(html) == [
        "Летняя школа — 2021-06-28 Открытие",
        "Летняя школа — 2021-06-29 Цифровая таможня",
    ]
    event = lxml.html.fromstring(html).xpath('//select[@name="event"]/option[@selected]')
    assert [option.get("value") for option in event] == [str(school.pk)]


def test_a_new_talk_without_an_event_offers_every_session_named_by_event(
    staff_client, school, other_session
):
    html = staff_client.get(reverse("admin:events_talk_add")).content.decode()
    assert len(session_options(html)) == 3


def test_a_session_of_another_event_is_refused_beside_the_field(
    staff_client, school, other_session
):
    talk = TalkFactory(event=school, title="Лекция")
    url = reverse("admin:events_talk_change", args=[talk.pk])
    values = form_values(staff_client.get(url))
    values["session"] = str(other_session.pk)
    response = staff_client.post(url, values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["session"]
    assert errors == ["Секция относится к другому мероприятию: выберите секцию этого мероприятия."]
    talk.refresh_from_db()
    assert talk.session is None


def test_the_event_page_puts_its_talks_in_its_own_sessions(staff_client, school, other_session):
    talk = TalkFactory(event=school, title="Лекция", date=datetime.date(2021, 6, 29))
    url = reverse("admin:events_event_change", args=[school.pk])
    response = staff_client.get(url)
    html = response.content.decode()
    assert session_options(html, "talks-0-session") == [
        "Летняя школа — 2021-06-28 Открытие",
        "Летняя школа — 2021-06-29 Цифровая таможня",
    ]
    values = form_values(response)
    values["talks-0-session"] = str(other_session.pk)
    response = staff_client.post(url, values)
    assert response.status_code == 200
    assert "Секция относится к другому мероприятию" in response.content.decode()

    second = school.sessions.get(title="Цифровая таможня")
    values["talks-0-session"] = str(second.pk)
    assert staff_client.post(url, values).status_code == 302
    talk.refresh_from_db()
    assert talk.session == second


def test_no_add_talk_link_without_the_permission(client, django_user_model, school):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_event", "view_event"])
    )
    client.force_login(user)
    html = client.get(reverse("admin:events_event_change", args=[school.pk])).content.decode()
    assert "Добавить доклад к этому мероприятию" not in html


def test_each_session_says_its_event_for_the_script(staff_client, school, other_session):
    html = staff_client.get(reverse("admin:events_talk_add")).content.decode()
    select = lxml.html.fromstring(html).xpath('//select[@name="session"]')[0]
    events = {o.text_content(): o.get("data-event") for o in select.xpath("./option[@value!='']")}
    assert events["Летняя школа — 2021-06-28 Открытие"] == str(school.pk)
    assert events[f"{other_session.event.title} — 2021-06-28 Чужая секция"] == str(
        other_session.event_id
    )
    assert "/static/js/admin-talk-sessions.js" in html
