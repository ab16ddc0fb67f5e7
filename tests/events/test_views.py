"""The public event pages: list with filters, event page with its programme; drafts hidden."""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from PIL import Image

from core.publishing import Visibility
from events.models import Event, Participation, Speaker
from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def list_url(**params):
    url = reverse("events:list")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("events:list", {}, "/ru/events/"),
        ("events:detail", {"slug": "school-2021"}, "/ru/events/school-2021/"),
        ("events:ical", {"slug": "school-2021"}, "/ru/events/school-2021/calendar.ics"),
        ("events:slides", {"pk": 7}, "/ru/events/talks/7/slides/"),
    ],
)
def test_reverse_and_resolve_agree(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


# The list -------------------------------------------------------------------------------


def test_list_shows_upcoming_first_then_past_and_hides_drafts(client):
    today = timezone.localdate()
    later = EventFactory(title="Позже", start_date=today + 30 * DAY, end_date=today + 31 * DAY)
    sooner = EventFactory(title="Скоро", start_date=today + 2 * DAY, end_date=today + 3 * DAY)
    recent = EventFactory(title="Недавно", start_date=today - 5 * DAY, end_date=today - DAY)
    old = EventFactory(title="Давно", start_date=today - 500 * DAY, end_date=today - 499 * DAY)
    EventFactory(title="Черновик", status=Visibility.DRAFT)

    response = client.get(list_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["events"]) == [sooner, later, recent, old]
    assert "Черновик" not in html
    assert html.index("Предстоящие мероприятия") < html.index("Скоро") < html.index("Позже")
    assert html.index("Позже") < html.index("Прошедшие мероприятия") < html.index("Недавно")


def test_list_when_filter_splits_around_today(client):
    today = timezone.localdate()
    running = EventFactory(start_date=today - DAY, end_date=today)
    ended = EventFactory(start_date=today - 2 * DAY, end_date=today - DAY)
    assert list(client.get(list_url(when="upcoming")).context["events"]) == [running]
    assert list(client.get(list_url(when="past")).context["events"]) == [ended]


def test_list_filters_by_type_year_topic_and_organiser(client):
    topic = TopicFactory(slug="digital-customs")
    academy = OrganizationFactory(slug="academy")
    school = EventFactory(
        type=Event.Type.SUMMER_SCHOOL,
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
    )
    school.topics.add(topic)
    school.organizers.add(academy)
    meeting = EventFactory(
        type=Event.Type.MEETING,
        start_date=datetime.date(2019, 6, 18),
        end_date=datetime.date(2019, 6, 18),
    )

    def found(**params):
        response = client.get(list_url(**params))
        assert response.status_code == 200
        return list(response.context["events"])

    assert found(type="summer_school") == [school]
    assert found(type="meeting") == [meeting]
    assert found(year="2019") == [meeting]
    assert found(topic="digital-customs") == [school]
    assert found(organiser="academy") == [school]
    assert found(organiser="academy", year="2019") == []


@pytest.mark.parametrize(
    "query",
    ["type=banquet", "year=1066", "year=abc", "topic=no-such-topic", "organiser=nobody", "when=x"],
)
def test_unknown_filter_values_give_400_with_the_form_error(client, query):
    EventFactory()
    response = client.get(f"{list_url()}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert response.context["filter"].form.errors


def test_drafts_do_not_feed_the_filter_choices(client):
    topic = TopicFactory(slug="secret-topic")
    draft = EventFactory(status=Visibility.DRAFT, start_date=datetime.date(1999, 1, 1))
    draft.topics.add(topic)
    draft.organizers.add(OrganizationFactory(slug="secret-organiser"))
    EventFactory()
    html = client.get(list_url()).content.decode()
    assert "secret-topic" not in html
    assert "secret-organiser" not in html
    assert ">1999<" not in html


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0"])
def test_bad_page_numbers_give_404(client, page):
    EventFactory()
    assert client.get(list_url(page=page)).status_code == 404


def test_pagination_keeps_the_filters(client, settings):
    for n in range(25):
        EventFactory(type=Event.Type.SEMINAR, start_date=datetime.date(2020, 1, 1) + n * DAY)
    response = client.get(list_url(type="seminar"))
    html = response.content.decode()
    assert len(response.context["events"]) == 20
    assert re.search(r'href="\?type=seminar&amp;page=2"', html)
    second = client.get(list_url(type="seminar", page=2))
    assert len(second.context["events"]) == 5


def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    organiser = OrganizationFactory()
    topic = TopicFactory()

    def make(count):
        for _ in range(count):
            event = EventFactory()
            event.organizers.add(organiser, OrganizationFactory())
            event.topics.add(topic)

    make(3)
    # count, page rows, organisers, filter choices (years, topics, organisers)
    with django_assert_num_queries(6):
        client.get(list_url())
    make(15)
    with django_assert_num_queries(6):
        client.get(list_url())


# The event page -------------------------------------------------------------------------


def test_draft_event_page_is_404_for_the_public_but_staff_may_preview(staff_client):
    draft = EventFactory(status=Visibility.DRAFT)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    preview = staff_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "Это мероприятие — черновик" in preview.content.decode()


def test_unknown_event_is_404(client):
    assert client.get(reverse("events:detail", kwargs={"slug": "nothing"})).status_code == 404


def build_event_with_programme(talks_per_day):
    event = EventFactory(start_date=datetime.date(2021, 6, 28), end_date=datetime.date(2021, 7, 5))
    event.organizers.add(OrganizationFactory(), OrganizationFactory())
    event.topics.add(TopicFactory())
    commission = OrganizationFactory(name="Евразийская экономическая комиссия")
    day_one = SessionFactory(event=event, date=datetime.date(2021, 6, 28), title="Открытие")
    day_two = SessionFactory(event=event, date=datetime.date(2021, 6, 29), title="Опыт")
    publication = PublicationFactory()
    for index in range(talks_per_day):
        for session in (day_one, day_two):
            talk = TalkFactory(event=event, session=session, date=session.date, order=index)
            SpeakerFactory(talk=talk, organization=commission)
            SpeakerFactory(talk=talk, order=1)
            talk.publications.add(publication, PublicationFactory())
    ParticipationFactory(event=event, role=Participation.Role.SPEAKER, organization=commission)
    Participation.objects.create(
        event=event, organization=commission, role=Participation.Role.PARTICIPANT
    )
    return event


def test_event_page_runs_the_same_queries_for_3_and_60_talks(client, django_assert_num_queries):
    small = build_event_with_programme(talks_per_day=2)  # 4 talks, 3 in the first check
    big = build_event_with_programme(talks_per_day=30)  # 60 talks
    TalkFactory(event=small)  # an undated talk: 5 in all
    small.talks.filter(order=1).first().delete()  # 4 talks
    small.talks.filter(order=0).first().delete()  # 3 talks
    assert small.talks.count() == 3
    assert big.talks.count() == 60
    # event, organisers, topics, sessions, talks, speakers, publications, participations, related
    with django_assert_num_queries(9):
        small_response = client.get(small.get_absolute_url())
    with django_assert_num_queries(9):
        big_response = client.get(big.get_absolute_url())
    assert small_response.status_code == big_response.status_code == 200
    assert big_response.content.decode().count('class="talk"') == 60


@pytest.mark.parametrize("parts", [1, 5])
def test_event_page_with_parts_runs_fixed_queries_and_hides_draft_organisers(
    client, django_assert_num_queries, parts
):
    series = EventFactory()
    hidden = OrganizationFactory(name="Скрытый организатор", status=Visibility.DRAFT)
    shown = OrganizationFactory(name="Открытый организатор")
    for _ in range(parts):
        part = EventFactory(parent=series)
        part.organizers.add(hidden, shown)
    # event, organisers, topics, sessions, talks, participations, related events and
    # their organisers (no talks here, so no speakers or publications).
    with django_assert_num_queries(8):
        response = client.get(series.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Открытый организатор") == parts
    assert "Скрытый организатор" not in html


def test_event_page_shows_the_programme_by_day_in_order(client):
    event = EventFactory(start_date=datetime.date(2021, 6, 28), end_date=datetime.date(2021, 7, 5))
    day_two = SessionFactory(
        event=event,
        date=datetime.date(2021, 6, 29),
        title="Использование международного опыта",
        title_en="The use of international experience",
    )
    day_one = SessionFactory(event=event, date=datetime.date(2021, 6, 28), title="Открытие")
    TalkFactory(event=event, session=day_two, title="Вторая лекция", order=2)
    TalkFactory(event=event, session=day_two, title="Первая лекция", order=1)
    TalkFactory(event=event, session=day_one, title="Приветствие", kind="welcome", order=5)
    TalkFactory(event=event, title="Заключительное слово", kind="closing")
    html = client.get(event.get_absolute_url()).content.decode()
    positions = [
        html.index(text)
        for text in (
            "День 1",
            "Приветствие",
            "День 2",
            "Использование международного опыта",
            "Первая лекция",
            "Вторая лекция",
            "Заключительное слово",
        )
    ]
    assert positions == sorted(positions)
    english = client.get(event.get_absolute_url().replace("/ru/", "/en/")).content.decode()
    assert "Day 2" in english and "The use of international experience" in english


def test_event_page_links_speakers_participants_and_publications(client):
    event = EventFactory()
    commission = OrganizationFactory(name="Евразийская экономическая комиссия", slug="eec")
    speaker = PersonFactory(family_name_cyr="Мозер", given_name_cyr="Сергей", slug="mozer")
    hidden = PersonFactory(family_name_cyr="Скрытый", slug="hidden", status=Visibility.DRAFT)
    talk = TalkFactory(event=event, title="Лекция о цифровой таможне", agenda_item="VII")
    Speaker.objects.create(talk=talk, person=speaker, organization=commission)
    Speaker.objects.create(talk=talk, person=hidden, order=1)
    monograph = PublicationFactory(title="Цифровая таможня. Опыт ВТамО")
    secret = PublicationFactory(title="Неопубликованная книга", draft=True)
    talk.publications.add(monograph, secret)
    Participation.objects.create(event=event, person=speaker, role="speaker")
    Participation.objects.create(
        event=event, organization=commission, role="participant", description="представители"
    )
    Participation.objects.create(
        event=event, role="participant", description="посольства иностранных государств"
    )
    Participation.objects.create(
        event=event, organization=OrganizationFactory(name="БНТУ"), role="students_home"
    )

    html = client.get(event.get_absolute_url()).content.decode()
    assert f'<a href="{speaker.get_absolute_url()}">' in html
    assert (
        f'<a href="{commission.get_absolute_url()}">Евразийская экономическая комиссия</a>' in html
    )
    assert "Скрытый" in html and hidden.get_absolute_url() not in html
    assert f'href="{monograph.get_absolute_url()}"' in html
    assert "Неопубликованная книга" not in html
    assert "Пункт повестки дня VII" in html
    assert "Посольства иностранных государств" in html
    assert "Организация, направившая слушателей" in html
    assert "Публикации, представленные на мероприятии" in html
    assert reverse("events:ical", kwargs={"slug": event.slug}) in html


def test_event_page_shows_its_series_and_siblings_but_not_drafts(client):
    series = EventFactory(
        type=Event.Type.SERIES, start_date=None, end_date=None, title="Комитет управления ПКК"
    )
    meeting = EventFactory(parent=series, title="20-е заседание")
    sibling = EventFactory(parent=series, title="19-е заседание")
    EventFactory(parent=series, title="Черновик заседания", status=Visibility.DRAFT)

    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{series.get_absolute_url()}"' in html
    assert "19-е заседание" in html and "Черновик заседания" not in html

    series_html = client.get(series.get_absolute_url()).content.decode()
    assert "Мероприятия серии" in series_html
    assert "20-е заседание" in series_html and "19-е заседание" in series_html
    assert reverse("events:ical", kwargs={"slug": series.slug}) not in series_html
    assert sibling.get_absolute_url() in series_html


def test_a_draft_series_is_not_shown_as_parent(client):
    series = EventFactory(
        type=Event.Type.SERIES,
        start_date=None,
        end_date=None,
        title="Тайная серия",
        status=Visibility.DRAFT,
    )
    meeting = EventFactory(parent=series)
    assert "Тайная серия" not in client.get(meeting.get_absolute_url()).content.decode()


# Slides and covers ----------------------------------------------------------------------


def slides_talk(event, name="Слайды доклада.pdf"):
    talk = TalkFactory(event=event, slides_original_name=name)
    talk.slides.save("x.pdf", ContentFile(b"%PDF-1.4 slides " * 100), save=True)
    return talk


def test_slides_download_through_the_secure_view(client):
    talk = slides_talk(EventFactory())
    url = reverse("events:slides", kwargs={"pk": talk.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        "filename*=UTF-8''%D0%A1%D0%BB%D0%B0%D0%B9%D0%B4%D1%8B" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    partial = client.get(url, headers={"Range": "bytes=0-3"})
    assert partial.status_code == 206
    assert b"".join(partial.streaming_content) == b"%PDF"
    page = client.get(talk.event.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page


def test_slides_of_a_draft_event_or_a_talk_without_slides_are_404(client):
    hidden = slides_talk(EventFactory(status=Visibility.DRAFT))
    bare = TalkFactory(event=EventFactory())
    for talk in (hidden, bare):
        assert client.get(reverse("events:slides", kwargs={"pk": talk.pk})).status_code == 404


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (15, 94, 73)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_cover_thumbnail_only_for_published_events(client):
    event = EventFactory()
    event.cover.save("cover.png", ContentFile(png_bytes()), save=True)
    url = reverse("events:cover", kwargs={"slug": event.slug, "size": "medium"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert f'src="{url}?v=' in client.get(event.get_absolute_url()).content.decode()
    assert client.get(url.replace("medium", "huge")).status_code == 404
    Event.objects.filter(pk=event.pk).update(status=Visibility.DRAFT)
    assert client.get(url).status_code == 404
