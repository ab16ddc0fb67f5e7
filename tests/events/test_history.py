"""An event's history holds its programme: sessions, talks (edited on their own page) and
speakers change with it and come back with a revert."""

import pytest
from django.urls import reverse
from reversion.models import Version

from events.models import Event
from tests.admin_forms import form_data
from tests.events.factories import EventFactory, SessionFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Таможенные чтения")
    SessionFactory(event=event, title="Пленарное заседание", order=0)
    SessionFactory(event=event, title="Секция права", order=1)
    SpeakerFactory(
        talk=TalkFactory(event=event, title="О тарифах"), person__family_name_cyr="Мозер"
    )
    return event


def history_url(event):
    return reverse("admin:events_event_history", args=[event.pk])


@pytest.fixture
def edited(client, curator, event):
    """The curator renames a session and drops the other, then retitles the talk on its page."""
    client.force_login(curator)
    change = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(client.get(change))
    data["sessions-0-title_ru"] = "Открытие"
    data["sessions-1-DELETE"] = "on"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    talk = event.talks.get()
    change = reverse("admin:events_talk_change", args=[talk.pk])
    data = form_data(client.get(change))
    data["title_ru"] = "О таможенных тарифах"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [s.title for s in event.sessions.all()] == ["Открытие"]
    return event


def test_the_event_history_shows_its_sessions_and_its_talk(client, edited):
    assert Version.objects.get_for_object(edited).count() == 3  # before, the form, the talk
    html = client.get(history_url(edited)).content.decode()
    assert "<del>Пленарное заседание</del>" in html and "<ins>Открытие</ins>" in html
    assert "Секция права" in html and "удалено" in html
    assert "<del>О тарифах</del>" in html and "<ins>О таможенных тарифах</ins>" in html


def test_a_curator_reverts_the_programme(client, edited):
    first = Version.objects.get_for_object(edited).order_by("pk").first()
    url = reverse("admin:events_event_revision", args=[edited.pk, first.pk])
    assert client.post(url).status_code == 302
    event = Event.objects.get(pk=edited.pk)
    assert [s.title for s in event.sessions.order_by("order")] == [
        "Пленарное заседание",
        "Секция права",
    ]
    talk = event.talks.get()
    assert talk.title == "О тарифах"
    assert [s.person.family_name_cyr for s in talk.speakers.all()] == ["Мозер"]


def test_an_editor_cannot_revert_the_event_nor_its_talk(client, edited, editor):
    client.force_login(editor)
    assert client.get(history_url(edited)).status_code == 200
    version = Version.objects.get_for_object(edited).order_by("pk").first()
    url = reverse("admin:events_event_revision", args=[edited.pk, version.pk])
    assert client.post(url).status_code == 403
    talk = edited.talks.get()
    talk_version = Version.objects.get_for_object(talk).order_by("pk").first()
    url = reverse("admin:events_talk_revision", args=[talk.pk, talk_version.pk])
    assert client.post(url).status_code == 403
    talk.refresh_from_db()
    assert talk.title == "О таможенных тарифах"
