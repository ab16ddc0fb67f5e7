"""The demo publications load once, with downloadable PDFs, and a second run changes nothing."""

import io

import pypdf
import pytest
from django.test import Client

from people import demo as people_demo
from publications import demo
from publications.models import Publication, PublicationFile, Topic
from science_portal.demo import DemoLoader

pytestmark = pytest.mark.django_db


def load():
    loader = DemoLoader()
    people_demo.build(loader)
    demo.build(loader)
    return loader


def test_demo_publications_and_their_files(media_root):
    load()
    monograph = Publication.objects.published().get(slug="digital-customs-wco-experience")
    collection = Publication.objects.published().get(
        slug="development-of-the-institute-of-digital-customs"
    )
    assert (monograph.year, monograph.published_at.month) == (2019, 6)
    assert (collection.year, collection.published_at.month) == (2021, 12)
    assert monograph.title_en == "Digital Customs. WCO Experience"
    assert [link.organization.slug for link in monograph.publisher_links.all()] == [
        "wco-regional-training-center",
        "russian-customs-academy",
    ]
    assert [a.person.slug for a in collection.authorships.all()] == ["sergei-mozer"]
    assert Topic.objects.get(slug="digital-customs").featured
    for publication in (monograph, collection):
        file = publication.files.get()
        response = Client().get(file.get_absolute_url())
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_second_run_changes_nothing_and_uploads_nothing(media_root):
    load()
    stored = sorted(p.name for p in media_root.rglob("*.pdf"))
    second = load()
    assert not second.changed
    assert PublicationFile.objects.count() == 2
    assert sorted(p.name for p in media_root.rglob("*.pdf")) == stored
