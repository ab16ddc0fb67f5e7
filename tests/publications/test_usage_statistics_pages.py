"""The statistics pages of the repository, a person, an organisation, a topic and an event:
their figures, what they leave out, their queries, and the links to and from them."""

import datetime
import html
import re

import pytest
from django.urls import resolve, reverse
from django.utils import timezone, translation

from core.publishing import Visibility
from publications.models import PlatformUsageDay, Publication, UsageDay, UsageMetric
from tests.events.factories import DraftEventFactory, EventFactory, TalkFactory
from tests.people.factories import OrganizationFactory, PersonFactory, mozer
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublisherFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

TII = UsageMetric.TOTAL_ITEM_INVESTIGATIONS
TIR = UsageMetric.TOTAL_ITEM_REQUESTS
UIR = UsageMetric.UNIQUE_ITEM_REQUESTS


def this_month():
    return timezone.localdate().replace(day=1)


def last_month():
    return (this_month() - datetime.timedelta(days=1)).replace(day=1)


def add(publication, day, metric, n):
    UsageDay.objects.create(publication=publication, day=day, metric=metric, count=n)


def in_person(person, publication, role="author"):
    AuthorshipFactory(person=person, publication=publication, role=role)


def in_organization(organization, publication):
    PublisherFactory(organization=organization, publication=publication)


def in_topic(topic, publication):
    publication.topics.add(topic)


def in_event(event, publication):
    TalkFactory(event=event).publications.add(publication)


# Each scope: (URL name, the factory of the thing, how a publication comes into its scope,
# the address of the thing's own page).
SCOPES = {
    "person": ("statistics:person", mozer, in_person),
    "organization": (
        "statistics:organization",
        lambda: OrganizationFactory(name="Академия", name_en="Academy"),
        in_organization,
    ),
    "topic": (
        "statistics:topic",
        lambda: TopicFactory(name="Цифровая таможня", name_en="Digital customs"),
        in_topic,
    ),
    "event": (
        "statistics:event",
        lambda: EventFactory(title="Летняя школа", title_en="Summer school"),
        in_event,
    ),
}
NAMES = {
    "person": {"ru": "Мозер Сергей", "en": "Sergei Mozer"},
    "organization": {"ru": "Академия", "en": "Academy"},
    "topic": {"ru": "Цифровая таможня", "en": "Digital customs"},
    "event": {"ru": "Летняя школа", "en": "Summer school"},
}


def scope_url(kind, scope, language="ru"):
    with translation.override(language):
        return reverse(SCOPES[kind][0], kwargs={"slug": scope.slug})


@pytest.fixture
def works():
    """Builds a scope with three public publications in it, one publication of each state
    the public must not see, and a public one outside it; returns (scope, publications)."""

    def build(kind):
        _name, make, put = SCOPES[kind]
        scope = make()
        monograph = PublicationFactory(
            title="Монография", title_en="Monograph", type=Publication.Type.MONOGRAPH, year=2020
        )
        article = PublicationFactory(
            title="Статья", title_en="Article", type=Publication.Type.ARTICLE, year=2021
        )
        collection = PublicationFactory(
            title="Сборник", title_en="Collection", type=Publication.Type.COLLECTION, year=2021
        )
        draft = PublicationFactory(draft=True, title="Черновик", title_en="Draft")
        scheduled = PublicationFactory(
            title="Запланированная",
            title_en="Scheduled",
            published_at=timezone.now() + datetime.timedelta(days=3),
        )
        withdrawn = PublicationFactory(
            title="Снятая",
            title_en="Withdrawn",
            status=Visibility.WITHDRAWN,
            withdrawn_at=timezone.now(),
        )
        for publication in (monograph, article, collection, draft, scheduled, withdrawn):
            put(scope, publication)
        outside = PublicationFactory(title="Чужая", title_en="Someone else's")
        add(monograph, this_month(), TIR, 5)
        add(monograph, last_month(), TIR, 3)
        add(monograph, this_month(), TII, 10)
        add(article, this_month(), TIR, 7)
        add(article, last_month(), TII, 2)
        add(collection, last_month(), TIR, 4)
        add(collection, last_month(), UIR, 1)
        for hidden in (draft, scheduled, withdrawn):
            add(hidden, this_month(), TIR, 900)
            add(hidden, this_month(), TII, 900)
        add(outside, this_month(), TIR, 50)
        return scope, (monograph, article, collection)

    return build


def section(page, heading_id):
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def rows(page, heading_id):
    """The (row heading, figure) pairs of a section's table, tags stripped."""
    found = re.findall(
        r'<tr><th scope="row">(.*?)</th><td>(\d+)</td></tr>', section(page, heading_id)
    )
    return [(html.unescape(re.sub(r"<[^>]+>", "", head)), int(n)) for head, n in found]


def totals(page):
    return [int(n) for n in re.findall(r"<dd>(\d+)</dd>", section(page, "usage-heading"))]


@pytest.mark.parametrize("kind", SCOPES)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_scope_page_counts_its_public_publications_only(client, works, kind, language):
    scope, (monograph, _article, _collection) = works(kind)
    response = client.get(scope_url(kind, scope, language))
    assert response.status_code == 200
    page = response.content.decode()
    name = NAMES[kind][language]
    heading = "Статистика" if language == "ru" else "Statistics"
    assert f"<h1>{heading}: {name}</h1>" in page
    assert f"<title>{heading}: {name} — " in page
    # Views, then downloads and reader opens: the draft, scheduled and withdrawn ones' 900s
    # and the outside one's 50 are nowhere.
    assert totals(page) == [12, 19]
    titles = {
        "ru": ["Монография", "Статья", "Сборник"],
        "en": ["Monograph", "Article", "Collection"],
    }
    assert rows(page, "top-heading") == list(zip(titles[language], [8, 7, 4], strict=True))
    types = {
        "ru": ["Монография", "Статья", "Сборник статей"],
        "en": ["Monograph", "Article", "Collection of articles"],
    }
    assert rows(page, "type-heading") == list(zip(types[language], [8, 7, 4], strict=True))
    assert rows(page, "year-heading") == [("2021", 11), ("2020", 8)]
    hidden_titles = ["Черновик", "Draft", "Запланированная", "Scheduled", "Снятая", "Withdrawn"]
    for hidden in [*hidden_titles, "Чужая", "Someone else"]:
        assert hidden not in page
    # Positive control: a published publication of the scope is listed by its title.
    assert f'href="{monograph.get_absolute_url().replace("/ru/", f"/{language}/")}"' in page
    # The chart of the last 24 months, its table holding this month's 12 and last month's 7.
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<rect") == 24
    chart_table = page[page.index('<details class="usage-chart__table">') :]
    chart_table = chart_table[: chart_table.index("</table>")]
    assert "<td>12</td>" in chart_table and "<td>7</td>" in chart_table
    own_page = scope.get_absolute_url().replace("/ru/", f"/{language}/")
    assert f'href="{own_page}"' in page
    assert f'href="/{language}/statistics/methodology/"' in page


def test_the_context_names_the_scope_and_its_title(client, works):
    scope, _ = works("person")
    response = client.get(scope_url("person", scope))
    assert response.context["scope"] == scope
    assert response.context["title"] == "Статистика: Мозер Сергей"
    assert response.context["usage"].unique_requests == 1
    assert [n for _publication, n in response.context["top"]] == [8, 7, 4]


def test_a_publication_counts_once_whatever_its_roles_or_talks(client):
    person = PersonFactory()
    event = EventFactory()
    book = PublicationFactory(title="Книга")
    in_person(person, book, role="author")
    in_person(person, book, role="editor")
    in_event(event, book)
    in_event(event, book)
    add(book, this_month(), TIR, 6)
    for kind, scope in (("person", person), ("event", event)):
        page = client.get(scope_url(kind, scope)).content.decode()
        assert totals(page) == [0, 6], kind
        assert rows(page, "top-heading") == [("Книга", 6)], kind
        assert rows(page, "year-heading") == [("2021", 6)], kind


def test_an_organisation_counts_what_its_page_lists_as_published_by_it(client):
    academy = OrganizationFactory()
    published = PublicationFactory(title="Издана академией")
    in_organization(academy, published)
    elsewhere = PublicationFactory(title="Издана другими")
    in_organization(OrganizationFactory(), elsewhere)
    add(published, this_month(), TIR, 2)
    add(elsewhere, this_month(), TIR, 40)
    organisation_page = client.get(academy.get_absolute_url()).content.decode()
    assert "Издана академией" in organisation_page and "Издана другими" not in organisation_page
    page = client.get(scope_url("organization", academy)).content.decode()
    assert rows(page, "top-heading") == [("Издана академией", 2)]


def test_no_use_yet_says_so(client):
    topic = TopicFactory()
    in_topic(topic, PublicationFactory())
    page = client.get(scope_url("topic", topic)).content.decode()
    assert totals(page) == [0, 0]
    assert "<svg" not in page
    assert "Пока ничего не скачивали." in page
    assert 'aria-labelledby="type-heading"' not in page


@pytest.mark.parametrize("kind", SCOPES)
def test_an_unknown_or_unpublished_scope_is_not_found(client, kind):
    name = SCOPES[kind][0]
    assert client.get(reverse(name, kwargs={"slug": "no-such-thing"})).status_code == 404
    hidden = {
        "person": lambda: PersonFactory(status=Visibility.DRAFT),
        "organization": lambda: OrganizationFactory(status=Visibility.DRAFT),
        "topic": lambda: TopicFactory(status=Visibility.DRAFT),
        "event": DraftEventFactory,
    }[kind]()
    assert client.get(reverse(name, kwargs={"slug": hidden.slug})).status_code == 404
    # Positive control: the same kind of thing, published, has its page.
    shown = SCOPES[kind][1]()
    assert client.get(reverse(name, kwargs={"slug": shown.slug})).status_code == 200


@pytest.mark.parametrize("kind", SCOPES)
@pytest.mark.parametrize("count", [2, 20])
def test_a_scope_page_costs_five_queries_however_many_publications(
    client, kind, count, django_assert_num_queries
):
    _name, make, put = SCOPES[kind]
    scope = make()
    for number in range(count):
        publication = PublicationFactory(
            type=Publication.Type.values[number % 7], year=2000 + number
        )
        put(scope, publication)
        add(publication, this_month(), TIR, number + 1)
        add(publication, last_month(), TII, 1)
    url = scope_url(kind, scope)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["top"]) == min(count, 10)
    assert response.context["usage"].requests == count * (count + 1) // 2


def test_the_repository_page_sums_the_platform_and_lists_by_type_and_year(
    client, works, django_assert_num_queries
):
    works("topic")
    # The platform counts each use once; these are what the totals and the chart show.
    PlatformUsageDay.objects.create(day=this_month(), metric=TIR, count=30)
    PlatformUsageDay.objects.create(day=last_month(), metric=TIR, count=9)
    PlatformUsageDay.objects.create(day=this_month(), metric=TII, count=41)
    with django_assert_num_queries(4):
        response = client.get("/en/statistics/")
    page = response.content.decode()
    assert "<h1>Statistics</h1>" in page
    assert totals(page) == [41, 39]
    assert rows(page, "top-heading") == [
        ("Someone else's", 50),
        ("Monograph", 8),
        ("Article", 7),
        ("Collection", 4),
    ]
    assert rows(page, "type-heading") == [
        ("Monograph", 58),
        ("Article", 7),
        ("Collection of articles", 4),
    ]
    assert rows(page, "year-heading") == [("2021", 61), ("2020", 8)]
    assert "Draft" not in page and "Scheduled" not in page
    russian = client.get("/ru/statistics/").content.decode()
    assert "<h1>Статистика</h1>" in russian
    assert "По годам издания" in russian


@pytest.mark.parametrize("language", ["ru", "en"])
def test_each_page_links_to_its_statistics(client, language):
    person = mozer()
    organization = OrganizationFactory()
    topic = TopicFactory()
    event = EventFactory()
    label = "Статистика использования" if language == "ru" else "Usage statistics"
    for kind, thing in (
        ("person", person),
        ("organization", organization),
        ("topic", topic),
        ("event", event),
    ):
        own = thing.get_absolute_url().replace("/ru/", f"/{language}/")
        page = client.get(own).content.decode()
        link = f'<a href="{scope_url(kind, thing, language)}">{label}</a>'
        assert link in page, kind


def test_a_draft_previewed_by_staff_has_no_statistics_link(staff_client):
    person = PersonFactory(status=Visibility.DRAFT)
    response = staff_client.get(person.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "/statistics/people/" not in page
    # Positive control: a published person's page, seen by the same staff, has it.
    published = PersonFactory()
    assert "/statistics/people/" in staff_client.get(published.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("statistics:person", "/ru/statistics/people/a-slug/"),
        ("statistics:organization", "/ru/statistics/organisations/a-slug/"),
        ("statistics:topic", "/ru/statistics/topics/a-slug/"),
        ("statistics:event", "/ru/statistics/events/a-slug/"),
    ],
)
def test_reverse_and_resolve_agree(name, path):
    assert reverse(name, kwargs={"slug": "a-slug"}) == path
    match = resolve(path)
    assert (match.namespace, match.view_name) == ("statistics", name)
