"""A world of public and hidden rows for the API's tests.

Hidden rows (drafts, rows in review, scheduled for later, withdrawn, restricted files) carry
"HIDDEN" in their titles and names and slugs starting with "hidden-"; no API answer may hold
either. Draft people and organisations credited on public works carry "CREDITED": their name
is printed on the work, but never their slug, address or ORCID.
"""

import datetime
import json

import pytest
from django.utils import timezone

from core.publishing import Visibility
from publications.models import Authorship, Publication, PublicationFile
from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.people.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)

HIDDEN = "HIDDEN"
HIDDEN_SLUG = "hidden-"
CREDITED = "CREDITED"
DRAFT, REVIEW, WITHDRAWN = Visibility.DRAFT, Visibility.REVIEW, Visibility.WITHDRAWN


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def walk(client, url, **params):
    """Every row of a list, following ``next`` from the first page to the last."""
    rows, page = [], get_json(client, url, **params)
    rows += page["results"]
    while page["next"]:
        page = get_json(client, page["next"])
        rows += page["results"]
    return rows


def text_of(data):
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture
def world(db):
    today = timezone.localdate()
    now = timezone.now()
    w = {}
    w["topic"] = TopicFactory(name="Цифровая таможня", name_en="Digital customs", slug="digital")
    w["topic_draft"] = TopicFactory(
        name=f"{HIDDEN} тема", name_en=f"{HIDDEN} topic", slug="hidden-topic", status=DRAFT
    )
    w["topic_withdrawn"] = TopicFactory(
        name=f"{HIDDEN} снятая", slug="hidden-withdrawn-topic", status=WITHDRAWN
    )

    w["academy"] = OrganizationFactory(
        name="Российская таможенная академия",
        name_en="Russian Customs Academy",
        short_name="РТА",
        short_name_en="RCA",
        slug="academy",
        country="RU",
    )
    w["org_draft"] = OrganizationFactory(
        name=f"{HIDDEN} отдел",
        name_en=f"{HIDDEN} department",
        slug="hidden-department",
        parent=w["academy"],
        status=DRAFT,
    )
    w["unit"] = OrganizationFactory(
        name="Кафедра", name_en="Chair", slug="chair", parent=w["org_draft"]
    )
    w["org_credited"] = OrganizationFactory(
        name=f"{CREDITED} издатель",
        name_en=f"{CREDITED} publisher",
        slug="hidden-publisher",
        status=DRAFT,
    )

    w["mozer"] = PersonFactory(
        family_name_cyr="Мозер",
        given_name_cyr="Сергей",
        family_name_lat="Mozer",
        given_name_lat="Sergei",
        slug="sergei-mozer",
        orcid="0000-0002-1825-0097",
        degree="кандидат юридических наук",
        degree_en="Ph.D. in law",
        variants=["Moser S."],
    )
    w["second"] = PersonFactory(
        family_name_cyr="Ткаченко",
        given_name_cyr="Марина",
        family_name_lat="Tkachenko",
        given_name_lat="Marina",
        slug="marina-tkachenko",
    )
    w["person_draft"] = PersonFactory(
        family_name_cyr="",
        given_name_cyr="",
        family_name_lat=f"{HIDDEN}person",
        given_name_lat="Ivan",
        slug="hidden-person",
        status=DRAFT,
    )
    w["person_credited"] = PersonFactory(
        family_name_cyr="",
        given_name_cyr="",
        family_name_lat=f"{CREDITED}author",
        given_name_lat="Olga",
        slug="hidden-credited",
        orcid="0000-0001-5109-3700",
        status=DRAFT,
    )
    AffiliationFactory(
        person=w["mozer"],
        organization=w["academy"],
        position="Доцент",
        position_en="Associate Professor",
    )
    AffiliationFactory(person=w["mozer"], organization=w["org_draft"], position=HIDDEN)
    AffiliationFactory(person=w["person_draft"], organization=w["academy"])

    w["pub"] = PublicationFactory(
        title="Развитие института цифровой таможни",
        title_en="Development of the Institute of Digital Customs",
        slug="digital-customs",
        type=Publication.Type.COLLECTION,
        year=2021,
        language="ru",
        isbn="978-5-9590-1185-7",
        published_at=now - datetime.timedelta(days=3),
    )
    w["article"] = PublicationFactory(
        title="Статья",
        title_en="Article",
        slug="article",
        type=Publication.Type.ARTICLE,
        year=2020,
        language="en",
        parent=w["pub"],
        first_page=5,
        last_page=9,
        published_at=now - datetime.timedelta(days=2),
    )
    w["pub_draft"] = PublicationFactory(
        title=f"{HIDDEN} черновик", title_en=f"{HIDDEN} draft", slug="hidden-draft", draft=True
    )
    w["pub_review"] = PublicationFactory(
        title=f"{HIDDEN} на рецензии", slug="hidden-review", status=REVIEW, published_at=None
    )
    w["pub_scheduled"] = PublicationFactory(
        title=f"{HIDDEN} позже",
        slug="hidden-scheduled",
        published_at=now + datetime.timedelta(days=30),
    )
    w["pub_withdrawn"] = PublicationFactory(
        title=f"{HIDDEN} снята",
        slug="hidden-withdrawn",
        status=WITHDRAWN,
        withdrawn_at=now - datetime.timedelta(days=1),
        withdrawal_reason="Plagiarism found.",
    )
    w["draft_article"] = PublicationFactory(
        title=f"{HIDDEN} статья", slug="hidden-article", parent=w["pub"], draft=True
    )
    for publication in (w["pub"], w["pub_draft"], w["pub_scheduled"], w["pub_withdrawn"]):
        publication.topics.add(w["topic"])
    w["pub"].topics.add(w["topic_draft"], w["topic_withdrawn"])
    AuthorshipFactory(publication=w["pub"], person=w["second"], order=0)
    AuthorshipFactory(publication=w["pub"], person=w["person_credited"], order=1)
    AuthorshipFactory(publication=w["pub"], person=w["mozer"], order=2, role=Authorship.Role.EDITOR)
    AuthorshipFactory(publication=w["article"], person=w["mozer"], order=0)
    for hidden in ("pub_draft", "pub_review", "pub_scheduled", "pub_withdrawn"):
        AuthorshipFactory(publication=w[hidden], person=w["mozer"], order=0)
    PublisherFactory(publication=w["pub"], organization=w["academy"], order=0)
    PublisherFactory(publication=w["pub"], organization=w["org_credited"], order=1)
    PublisherFactory(publication=w["pub_draft"], organization=w["academy"], order=0)

    embargoed = PublicationFile.Access.EMBARGOED
    w["file"] = PublicationFileFactory(publication=w["pub"], order=0)
    w["file_embargo_over"] = PublicationFileFactory(
        publication=w["pub"],
        label="Приложение",
        label_en="Supplement",
        order=1,
        access=embargoed,
        embargo_until=today - datetime.timedelta(days=1),
    )
    w["file_embargoed"] = PublicationFileFactory(
        publication=w["pub"],
        label=f"{HIDDEN} эмбарго",
        label_en=f"{HIDDEN} embargo",
        order=2,
        access=embargoed,
        embargo_until=today + datetime.timedelta(days=30),
    )
    w["file_staff"] = PublicationFileFactory(
        publication=w["pub"],
        label=f"{HIDDEN} сотрудникам",
        label_en=f"{HIDDEN} staff",
        order=3,
        access=PublicationFile.Access.STAFF,
    )
    w["file_of_draft"] = PublicationFileFactory(publication=w["pub_draft"], label=HIDDEN)

    soon = today + datetime.timedelta(days=10)
    w["series_draft"] = EventFactory(
        title=f"{HIDDEN} серия",
        slug="hidden-series",
        type="series",
        start_date=None,
        end_date=None,
        status=DRAFT,
    )
    w["school"] = EventFactory(
        title="Летняя школа",
        title_en="Summer school",
        slug="summer-school",
        type="summer_school",
        start_date=soon,
        end_date=soon + datetime.timedelta(days=7),
        city="Москва",
        city_en="Moscow",
        parent=w["series_draft"],
    )
    w["past"] = EventFactory(
        title="Заседание",
        title_en="Meeting",
        slug="meeting",
        type="meeting",
        start_date=datetime.date(2019, 6, 18),
        end_date=datetime.date(2019, 6, 18),
    )
    w["event_draft"] = EventFactory(
        title=f"{HIDDEN} событие", slug="hidden-event", parent=w["school"], status=DRAFT
    )
    w["event_withdrawn"] = EventFactory(
        title=f"{HIDDEN} снятое", slug="hidden-withdrawn-event", status=WITHDRAWN
    )
    w["school"].topics.add(w["topic"], w["topic_draft"])
    w["school"].organizers.add(w["academy"], w["org_draft"])
    w["event_draft"].topics.add(w["topic"])
    w["event_draft"].organizers.add(w["academy"])
    session = SessionFactory(event=w["school"], date=soon, title="День 1", title_en="Day 1")
    w["talk"] = TalkFactory(
        event=w["school"], session=session, title="Доклад", title_en="Talk", order=0
    )
    w["talk"].publications.add(w["pub"], w["pub_draft"], w["pub_scheduled"])
    SpeakerFactory(talk=w["talk"], person=w["mozer"], organization=w["academy"], order=0)
    SpeakerFactory(
        talk=w["talk"], person=w["person_credited"], organization=w["org_credited"], order=1
    )
    ParticipationFactory(event=w["school"], person=w["second"], role="organizer")
    ParticipationFactory(event=w["school"], person=w["person_draft"], role="participant")
    ParticipationFactory(
        event=w["school"], person=None, organization=w["org_draft"], role="partner"
    )
    return w
