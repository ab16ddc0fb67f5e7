"""What each resource's list and detail say: texts in both languages, links, ordered authors,
public files only."""

import pytest

from tests.api.conftest import get_json, walk

BASE = "http://testserver"


def test_the_root_lists_the_resources(client, world):
    data = get_json(client, "/api/v1/")
    assert set(data) == {"publications", "people", "organisations", "events", "topics"}
    assert data["publications"] == f"{BASE}/api/v1/publications/"


def test_a_publication_in_both_languages_with_its_authors_in_order(client, world):
    data = get_json(client, "/api/v1/publications/digital-customs/")
    assert data["title"] == {
        "ru": "Развитие института цифровой таможни",
        "en": "Development of the Institute of Digital Customs",
    }
    assert data["html_url"] == {
        "ru": f"{BASE}/ru/publications/digital-customs/",
        "en": f"{BASE}/en/publications/digital-customs/",
    }
    assert data["api_url"] == f"{BASE}/api/v1/publications/digital-customs/"
    assert (data["type"], data["year"], data["language"]) == ("collection", 2021, "ru")
    assert data["isbn"] == "978-5-9590-1185-7"
    authors = data["authors"]
    assert [a["person"]["name"]["en"] for a in authors] == [
        "Marina Tkachenko",
        "Olga CREDITEDauthor",
        "Sergei Mozer",
    ]
    assert [a["role"] for a in authors] == ["author", "author", "editor"]
    mozer = authors[2]["person"]
    assert mozer["name"]["ru"] == "Мозер Сергей"
    assert mozer["orcid"] == "0000-0002-1825-0097"
    assert mozer["api_url"] == f"{BASE}/api/v1/people/sergei-mozer/"
    assert mozer["html_url"]["en"] == f"{BASE}/en/people/sergei-mozer/"


def test_a_draft_author_or_publisher_is_named_but_never_linked(client, world):
    data = get_json(client, "/api/v1/publications/digital-customs/")
    credited = data["authors"][1]["person"]
    assert credited == {
        "name": {"ru": "Olga CREDITEDauthor", "en": "Olga CREDITEDauthor"},
        "slug": None,
        "orcid": None,
        "html_url": None,
        "api_url": None,
    }
    publishers = data["publishers"]
    assert [p["slug"] for p in publishers] == ["academy", None]
    assert publishers[0]["short_name"] == {"ru": "РТА", "en": "RCA"}
    assert publishers[1]["name"]["en"] == "CREDITED publisher"
    assert publishers[1]["api_url"] is None and publishers[1]["html_url"] is None


def test_only_files_public_now_with_their_download_address(client, world):
    data = get_json(client, "/api/v1/publications/digital-customs/")
    files = data["files"]
    assert [f["label"]["en"] for f in files] == ["Full text", "Supplement"]
    first = files[0]
    assert first["download_url"] == f"{BASE}/ru/publications/files/{world['file'].pk}/"
    assert first["media_type"] == "application/pdf"
    assert first["format"] == "PDF"
    assert first["size"] == world["file"].size > 0
    assert first["label"] == {"ru": "Полный текст", "en": "Full text"}
    assert client.get(first["download_url"]).status_code == 200


def test_only_public_topics_parts_and_parent(client, world):
    data = get_json(client, "/api/v1/publications/digital-customs/")
    assert [t["slug"] for t in data["topics"]] == ["digital"]
    assert data["topics"][0]["name"] == {"ru": "Цифровая таможня", "en": "Digital customs"}
    assert [p["slug"] for p in data["parts"]] == ["article"]
    assert data["parent"] is None
    article = get_json(client, "/api/v1/publications/article/")
    assert article["parent"]["slug"] == "digital-customs"
    assert (article["first_page"], article["last_page"]) == (5, 9)


def test_a_person_with_names_in_both_scripts_and_public_affiliations(client, world):
    data = get_json(client, "/api/v1/people/sergei-mozer/")
    assert data["name"] == {"ru": "Мозер Сергей", "en": "Sergei Mozer"}
    assert data["names"]["cyrillic"]["family"] == "Мозер"
    assert data["names"]["latin"]["given"] == "Sergei"
    assert data["name_variants"] == ["Moser S."]
    assert data["orcid"] == "0000-0002-1825-0097"
    assert data["degree"] == {"ru": "кандидат юридических наук", "en": "Ph.D. in law"}
    assert data["email"] is None
    [affiliation] = data["affiliations"]
    assert affiliation["organization"]["slug"] == "academy"
    assert affiliation["position"] == {"ru": "Доцент", "en": "Associate Professor"}
    assert affiliation["current"] is True
    assert data["publications_url"] == f"{BASE}/api/v1/publications/?author=sergei-mozer"


def test_a_persons_publications_link_lists_them(client, world):
    data = get_json(client, "/api/v1/people/sergei-mozer/")
    rows = walk(client, data["publications_url"])
    assert {row["slug"] for row in rows} == {"digital-customs", "article"}


def test_an_organisation_with_its_public_parent_and_units(client, world):
    data = get_json(client, "/api/v1/organisations/academy/")
    assert data["name"] == {"ru": "Российская таможенная академия", "en": "Russian Customs Academy"}
    assert (data["kind"], data["country"], data["parent"]) == ("academy", "RU", None)
    assert data["units"] == []  # its only unit is a draft
    unit = get_json(client, "/api/v1/organisations/chair/")
    assert unit["parent"] is None  # its parent is a draft
    rows = walk(client, data["publications_url"])
    assert [row["slug"] for row in rows] == ["digital-customs"]


def test_an_event_with_its_programme_and_participants(client, world):
    data = get_json(client, "/api/v1/events/summer-school/")
    assert data["title"] == {"ru": "Летняя школа", "en": "Summer school"}
    assert data["city"] == {"ru": "Москва", "en": "Moscow"}
    assert data["type"] == "summer_school"
    assert data["parent"] is None  # a draft series
    assert [o["slug"] for o in data["organizers"]] == ["academy"]
    assert [t["slug"] for t in data["topics"]] == ["digital"]
    [session] = data["sessions"]
    assert session["title"] == {"ru": "День 1", "en": "Day 1"}
    [talk] = data["talks"]
    assert talk["title"]["en"] == "Talk"
    assert talk["session"] == session["id"]
    assert talk["date"] == session["date"]
    assert [p["slug"] for p in talk["publications"]] == ["digital-customs"]
    speakers = talk["speakers"]
    assert speakers[0]["person"]["slug"] == "sergei-mozer"
    assert speakers[0]["organization"]["slug"] == "academy"
    assert speakers[1]["person"]["slug"] is None
    assert speakers[1]["organization"]["slug"] is None
    assert [(p["role"], p["person"]["slug"]) for p in data["participants"]] == [
        ("organizer", "marina-tkachenko")
    ]


def test_a_topic_with_links_to_its_publications_and_events(client, world):
    data = get_json(client, "/api/v1/topics/digital/")
    assert data["name"] == {"ru": "Цифровая таможня", "en": "Digital customs"}
    assert [r["slug"] for r in walk(client, data["publications_url"])] == ["digital-customs"]
    assert [r["slug"] for r in walk(client, data["events_url"])] == ["summer-school"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("publications", ["article", "digital-customs"]),
        ("people", ["marina-tkachenko", "sergei-mozer"]),
        ("organisations", ["academy", "chair"]),
        ("events", ["meeting", "summer-school"]),
        ("topics", ["digital"]),
    ],
)
def test_each_list_holds_its_public_rows(client, world, path, expected):
    rows = walk(client, f"/api/v1/{path}/")
    assert sorted(row["slug"] for row in rows) == expected
