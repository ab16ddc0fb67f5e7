"""The admin of events and talks: pages render, search and filters work, actions publish,
and invalid programmes are refused with clear messages, nothing half-saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core.admin import search_each_word
from core.publishing import Visibility
from events.admin import event_matches, talk_matches
from events.models import Event, Participation, Session, Talk
from publications.pdf import simple_pdf
from tests import hostile
from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.people.factories import OrganizationFactory, PersonFactory, mozer

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(
        title="Летняя школа",
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
    )
    SessionFactory(event=event, date=datetime.date(2021, 6, 29))
    ParticipationFactory(event=event)
    talk = TalkFactory(event=event, title="Лекция")
    SpeakerFactory(
        talk=talk, person=PersonFactory(family_name_cyr="Мозер", family_name_lat="Mozer")
    )
    return event


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_add"),
        reverse("admin:events_talk_changelist"),
        reverse("admin:events_talk_add"),
        reverse("admin:events_event_changelist")
        + "?type__exact=conference&year=2021&status__exact=published",
        reverse("admin:events_talk_changelist")
        + "?kind__exact=report&event__type__exact=conference",
    ],
)
def test_admin_pages_render(staff_client, event, url):
    assert staff_client.get(url).status_code == 200


def test_change_pages_render_with_inlines_and_view_on_site(staff_client, event):
    response = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "sessions-TOTAL_FORMS" in html and "participations-TOTAL_FORMS" in html
    assert (
        reverse("admin:view_on_site", args=[response.context["content_type_id"], event.pk]) in html
    )
    talk = event.talks.get()
    talk_page = staff_client.get(reverse("admin:events_talk_change", args=[talk.pk]))
    assert talk_page.status_code == 200
    assert "speakers-TOTAL_FORMS" in talk_page.content.decode()


@pytest.mark.parametrize("query", ["Летняя", "Mozer", "Мозер"])
def test_event_search_by_title_and_speaker(staff_client, event, query):
    EventFactory(title="Другое")
    response = staff_client.get(reverse("admin:events_event_changelist"), {"q": query})
    assert list(response.context["cl"].result_list) == [event]


def test_event_search_by_organisation(staff_client, event):
    event.organizers.add(OrganizationFactory(name="Российская таможенная академия"))
    response = staff_client.get(reverse("admin:events_event_changelist"), {"q": "таможенная"})
    assert list(response.context["cl"].result_list) == [event]


def test_talk_search_by_speaker(staff_client, event):
    response = staff_client.get(reverse("admin:events_talk_changelist"), {"q": "Mozer"})
    assert [talk.title for talk in response.context["cl"].result_list] == ["Лекция"]


@pytest.mark.parametrize("year", ["²", "99999999999999999999", "x"])
@pytest.mark.parametrize(
    "changelist", ["admin:events_event_changelist", "admin:events_talk_changelist"]
)
def test_a_year_no_date_can_have_lists_everything(staff_client, event, changelist, year):
    response = staff_client.get(reverse(changelist), {"year": year})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_publish_and_unpublish_actions(staff_client):
    drafts = [EventFactory(status=Visibility.DRAFT) for _ in range(2)]
    url = reverse("admin:events_event_changelist")
    ids = [str(e.pk) for e in drafts]
    response = staff_client.post(url, {"action": "publish", "_selected_action": ids}, follow=True)
    assert "2 мероприятия опубликованы." in response.content.decode()
    assert Event.objects.published().count() == 2
    response = staff_client.post(
        url,
        {"action": "withdraw", "_selected_action": ids, "confirm": "yes", "note": "Отменено"},
        follow=True,
    )
    assert "2 мероприятия сняты с публикации." in response.content.decode()
    assert Event.objects.published().count() == 0
    assert Event.objects.withdrawn().count() == 2


def event_form(**values):
    data = {
        "title_ru": "Летняя школа",
        "title_en": "Summer school",
        "slug": "summer-school",
        "type": "summer_school",
        "status": "published",
        "start_date": "2021-06-28",
        "end_date": "2021-07-05",
        "format": "",
        "country": "",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-0-date": "2021-06-29",
        "sessions-0-title_ru": "День второй",
        "sessions-0-order": "0",
        "talks-TOTAL_FORMS": "0",
        "talks-INITIAL_FORMS": "0",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
    }
    data.update(values)
    return data


def test_add_event_with_a_session(staff_client):
    response = staff_client.post(reverse("admin:events_event_add"), event_form())
    assert response.status_code == 302
    event = Event.objects.get(slug="summer-school")
    assert event.sessions.get().date == datetime.date(2021, 6, 29)


def test_admin_refuses_end_before_start(staff_client):
    response = staff_client.post(
        reverse("admin:events_event_add"), event_form(end_date="2021-06-01")
    )
    assert response.status_code == 200
    assert "Дата окончания не может быть раньше даты начала." in response.content.decode()
    assert not Event.objects.exists()


def test_admin_refuses_a_session_outside_the_event_and_saves_nothing(staff_client):
    response = staff_client.post(
        reverse("admin:events_event_add"), event_form(**{"sessions-0-date": "2021-07-10"})
    )
    assert response.status_code == 200
    assert "Дата должна быть в пределах дат мероприятия: 2021-06-28 – 2021-07-05." in (
        response.content.decode()
    )
    assert not Event.objects.exists() and not Session.objects.exists()


def test_admin_refuses_a_person_role_for_an_organisation(staff_client):
    organisation = OrganizationFactory()
    response = staff_client.post(
        reverse("admin:events_event_add"),
        event_form(
            **{
                "participations-TOTAL_FORMS": "1",
                "participations-0-organization": str(organisation.pk),
                "participations-0-role": "student",
                "participations-0-order": "0",
            }
        ),
    )
    assert response.status_code == 200
    assert "неподходящая роль для организации" in response.content.decode()
    assert not Event.objects.exists()


def talk_form(event, **values):
    data = {
        "event": str(event.pk),
        "title_ru": "Лекция",
        "kind": "lecture",
        "order": "0",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
    }
    data.update(values)
    return data


def test_admin_refuses_a_talk_outside_its_event(staff_client, event):
    response = staff_client.post(
        reverse("admin:events_talk_add"), talk_form(event, date="2021-08-01")
    )
    assert response.status_code == 200
    assert "Дата должна быть в пределах дат мероприятия" in response.content.decode()
    assert event.talks.count() == 1


def test_admin_refuses_a_session_of_another_event(staff_client, event):
    other = SessionFactory()
    response = staff_client.post(
        reverse("admin:events_talk_add"), talk_form(event, session=str(other.pk))
    )
    assert response.status_code == 200
    assert "Секция относится к другому мероприятию" in response.content.decode()


def test_talk_change_form_offers_only_its_event_sessions(staff_client, event):
    SessionFactory()  # of another event
    talk = event.talks.get()
    response = staff_client.get(reverse("admin:events_talk_change", args=[talk.pk]))
    sessions = response.context["adminform"].form.fields["session"].queryset
    assert set(sessions) == set(event.sessions.all())


def test_slides_upload_keeps_the_original_name_and_refuses_other_types(staff_client, event):
    person = PersonFactory()
    data = talk_form(
        event,
        **{
            "speakers-TOTAL_FORMS": "1",
            "speakers-0-person": str(person.pk),
            "speakers-0-order": "0",
        },
    )
    bad = dict(
        data,
        slides=SimpleUploadedFile("script.exe", b"MZ", content_type="application/x-msdownload"),
    )
    response = staff_client.post(reverse("admin:events_talk_add"), bad)
    assert response.status_code == 200
    assert event.talks.count() == 1
    good = dict(
        data,
        slides=SimpleUploadedFile("Слайды.pdf", simple_pdf(["Slides"]), "application/pdf"),
    )
    response = staff_client.post(reverse("admin:events_talk_add"), good)
    assert response.status_code == 302
    talk = Talk.objects.exclude(slides="").get(event=event)
    assert talk.slides_original_name == "Слайды.pdf"
    assert talk.slides.name.endswith(".pdf") and "Слайды" not in talk.slides.name
    assert talk.speakers.get().person == person


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>",
        hostile.pdf(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        hostile.pdf_bomb(2 * 1024**3),
        hostile.zip_bytes([("word/document.xml", b"<w:document/>")], first_stored=False),
    ],
    ids=["html", "html-after-pdf", "javascript", "bomb", "not-a-presentation"],
)
def test_slides_are_checked_by_content(staff_client, event, media_root, data):
    upload = SimpleUploadedFile("slides.pdf", data, content_type="application/pdf")
    response = staff_client.post(reverse("admin:events_talk_add"), talk_form(event, slides=upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slides"]
    assert event.talks.count() == 1
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_slides_are_stored_and_served_as_what_they_are(staff_client, client, event):
    types = (
        b'<Types><Override PartName="/ppt/presentation.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'
    )
    pptx = hostile.zip_bytes(
        [("[Content_Types].xml", types), ("ppt/presentation.xml", b"<p:presentation/>")],
        first_stored=False,
    )
    upload = SimpleUploadedFile("Доклад.pdf", pptx, content_type="application/pdf")
    response = staff_client.post(reverse("admin:events_talk_add"), talk_form(event, slides=upload))
    assert response.status_code == 302
    talk = Talk.objects.exclude(slides="").get(event=event)
    assert talk.slides.name.endswith(".pptx")
    assert talk.slides_original_name == "Доклад.pdf"
    served = client.get(reverse("events:slides", kwargs={"pk": talk.pk}))
    assert served["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )


def test_moving_the_event_away_from_its_programme_is_refused(staff_client):
    event = EventFactory(
        slug="summer-school",
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
    )
    session = SessionFactory(event=event, date=datetime.date(2021, 6, 29))
    url = reverse("admin:events_event_change", args=[event.pk])
    unchanged_session = {
        "sessions-INITIAL_FORMS": "1",
        "sessions-0-id": str(session.pk),
        "sessions-0-event": str(event.pk),
        "sessions-0-date": "2021-06-29",
        "sessions-0-title_ru": session.title,
        "sessions-0-order": "0",
    }
    moved = event_form(start_date="2022-06-28", end_date="2022-07-05", **unchanged_session)
    response = staff_client.post(url, moved)
    assert response.status_code == 200
    # The unchanged programme day is checked against the new dates too.
    assert "Дата должна быть в пределах дат мероприятия: 2022-06-28 – 2022-07-05." in (
        response.content.decode()
    )

    session.delete()
    TalkFactory(event=event, date=datetime.date(2021, 6, 30))
    response = staff_client.post(url, event_form(start_date="2022-06-28", end_date="2022-07-05"))
    assert response.status_code == 200
    assert "Доклады этого мероприятия датированы 2021-06-30" in response.content.decode()
    event.refresh_from_db()
    assert event.start_date == datetime.date(2021, 6, 28)


def test_autocomplete_finds_people_for_participations(staff_client):
    PersonFactory(family_name_cyr="Мозер", family_name_lat="Mozer", slug="mozer")
    response = staff_client.get(
        "/ru/admin/autocomplete/",
        {
            "app_label": "events",
            "model_name": "participation",
            "field_name": "person",
            "term": "Mozer",
        },
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


class TestChangelistsAtScale:
    """Search through subqueries (no row twice, no DISTINCT), a fixed number of queries."""

    EVENTS = reverse("admin:events_event_changelist")
    TALKS = reverse("admin:events_talk_changelist")

    @pytest.fixture
    def school(self):
        school = EventFactory(
            title="Летняя школа «Цифровые технологии в таможенном деле»",
            title_en="Summer school: digital technologies in customs",
            city="Москва",
            city_en="Moscow",
        )
        academy = OrganizationFactory(name="Российская таможенная академия", short_name="РТА")
        school.organizers.add(academy)
        sergei = mozer()
        for title in ("Цифровая таможня", "Таможня будущего"):
            talk = TalkFactory(event=school, title=title)
            SpeakerFactory(talk=talk, person=sergei, organization=academy)
        ParticipationFactory(event=school, person=sergei, role=Participation.Role.SPEAKER)
        ParticipationFactory(
            event=school, person=None, organization=OrganizationFactory(name="ВТамО")
        )
        EventFactory(title="Другое мероприятие", title_en="Another event")
        return school

    @pytest.mark.parametrize(
        "query",
        ["школа", "Moscow", "РТА", "будущего", "Moser", "Мозер С.", "ВТамО", "таможня Мозер"],
    )
    def test_events_found_once(self, staff_client, school, query):
        response = staff_client.get(self.EVENTS, {"q": query})
        assert list(response.context["cl"].result_list) == [school]
        assert response.context["cl"].result_count == 1

    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ("будущего", ["Таможня будущего"]),
            ("Mozer", ["Цифровая таможня", "Таможня будущего"]),
            ("РТА", ["Цифровая таможня", "Таможня будущего"]),
            ("школа", ["Цифровая таможня", "Таможня будущего"]),
        ],
    )
    def test_talks_found_once(self, staff_client, school, query, titles):
        response = staff_client.get(self.TALKS, {"q": query})
        assert sorted(t.title for t in response.context["cl"].result_list) == sorted(titles)

    @pytest.mark.parametrize("rows", [3, 50])
    def test_events_list_runs_a_fixed_number_of_queries(
        self, staff_client, rows, django_assert_num_queries
    ):
        for n in range(rows):
            TalkFactory.create_batch(
                2, event=EventFactory(start_date=datetime.date(2001 + n % 3, 5, 1))
            )
        staff_client.get(self.EVENTS)
        # Session, user, the years to filter by, the count, the page, and the date
        # hierarchy's range and years.
        with django_assert_num_queries(7):
            response = staff_client.get(self.EVENTS)
        listed = response.context["cl"].result_list
        assert [response.context["cl"].model_admin.talk_count(e) for e in listed] == [2] * rows

    @pytest.mark.parametrize("rows", [3, 50])
    def test_talks_list_runs_a_fixed_number_of_queries(
        self, staff_client, rows, django_assert_num_queries
    ):
        event = EventFactory()
        TalkFactory.create_batch(rows, event=event)
        staff_client.get(self.TALKS)
        # Session, user, the years to filter by, the count, the page with its events.
        with django_assert_num_queries(5):
            response = staff_client.get(self.TALKS)
        assert len(response.context["cl"].result_list) == rows

    def test_events_sort_by_their_talks(self, staff_client):
        busy, quiet = EventFactory(), EventFactory()
        TalkFactory.create_batch(3, event=busy)
        # Column 7: the checkbox, title, type, start, end, city, status, then the talks.
        response = staff_client.get(self.EVENTS, {"o": "-7"})
        assert list(response.context["cl"].result_list) == [busy, quiet]

    @pytest.mark.postgres
    @pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes")
    def test_the_search_can_use_the_trigram_indexes(self, school):
        events = search_each_word(Event.objects.order_by(), "школа", event_matches)
        talks = search_each_word(Talk.objects.order_by(), "будущего", talk_matches)
        with connection.cursor() as cursor:  # As if the tables were large: bitmap scans only.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = events.explain()
        for index in ("event_title_ru_trgm", "event_title_en_trgm", "event_city_ru_trgm"):
            assert index in plan
        assert "talk_title_ru_trgm" in talks.explain()
