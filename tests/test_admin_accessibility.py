"""Every control of the admin's change forms has an accessible name: a <label for>, an
aria-label or an aria-labelledby (inline table cells, delete boxes, related-object selects
and the empty rows scripts copy included)."""

import datetime

import lxml.html
import pytest
from django.urls import reverse

from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.people.factories import (
    AffiliationFactory,
    NameVariantFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def unnamed_controls(html):
    document = lxml.html.fromstring(html)
    labelled = {label.get("for") for label in document.xpath("//label[@for]")}
    ids = {element.get("id") for element in document.xpath("//*[@id]")}
    unnamed = []
    for control in document.xpath("//form//input | //form//select | //form//textarea"):
        if control.tag == "input" and (control.get("type") or "text").lower() in {
            "hidden",
            "submit",
            "button",
            "reset",
            "image",
        }:
            continue
        if (control.get("aria-label") or "").strip():
            continue
        labelledby = (control.get("aria-labelledby") or "").split()
        if labelledby and all(part in ids for part in labelledby):
            continue
        if control.get("id") and control.get("id") in labelled:
            continue
        if control.xpath("ancestor::label"):
            continue
        unnamed.append(lxml.html.tostring(control, encoding="unicode")[:160])
    return unnamed


def publication():
    publication = PublicationFactory()
    AuthorshipFactory(publication=publication)
    PublisherFactory(publication=publication)
    PublicationFileFactory(publication=publication)
    publication.topics.add(TopicFactory())
    return reverse("admin:publications_publication_change", args=[publication.pk])


def person():
    person = PersonFactory()
    AffiliationFactory(person=person)
    NameVariantFactory(person=person)
    return reverse("admin:people_person_change", args=[person.pk])


def organisation():
    return reverse("admin:people_organization_change", args=[OrganizationFactory().pk])


def event():
    event = EventFactory(start_date=datetime.date(2021, 6, 28))
    SessionFactory(event=event)
    ParticipationFactory(event=event)
    TalkFactory(event=event)
    return reverse("admin:events_event_change", args=[event.pk])


def talk():
    talk = TalkFactory()
    SpeakerFactory(talk=talk)
    return reverse("admin:events_talk_change", args=[talk.pk])


def topic():
    return reverse("admin:publications_topic_change", args=[TopicFactory().pk])


@pytest.mark.parametrize(
    "make", [publication, person, organisation, event, talk, topic], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_control_has_a_name(staff_client, make, language):
    url = make().replace("/ru/", f"/{language}/")
    html = staff_client.get(url).content.decode()
    assert unnamed_controls(html) == []


@pytest.mark.parametrize(
    "url",
    ["/ru/admin/publications/publication/add/", "/ru/admin/events/talk/add/"],
)
def test_add_forms_too(staff_client, url):
    assert unnamed_controls(staff_client.get(url).content.decode()) == []


def test_changelist_controls_have_names(staff_client):
    PublicationFactory()
    html = staff_client.get("/ru/admin/publications/publication/").content.decode()
    assert unnamed_controls(html) == []


def test_what_the_names_say(staff_client):
    publication = PublicationFactory()
    row = AuthorshipFactory(publication=publication, person__family_name_cyr="Мозер")
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    document = lxml.html.fromstring(staff_client.get(url).content.decode())

    def label(control_id):
        return document.xpath(f'//label[@for="{control_id}"]')[0].text_content()

    assert label("id_authorships-0-person") == f"Персона ({row})"
    assert label("id_authorships-0-DELETE") == f"Удалить «{row}»"
    assert label("id_authorships-1-person") == "Персона"
    date, time = document.xpath('//p[@class="datetime"]//input')
    assert date.get("aria-label") == "Опубликовано на портале: дата"
    assert time.get("aria-label") == "Опубликовано на портале: время"
