"""Factories for publications, their authors, topics and files."""

import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from core.publishing import Visibility
from publications.models import Authorship, Publication, PublicationFile, Publisher, Topic
from publications.pdf import simple_pdf
from tests.people.factories import OrganizationFactory, PersonFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    status = Visibility.PUBLISHED


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    type = Publication.Type.MONOGRAPH
    title = factory.Sequence(lambda n: f"Публикация {n}")
    title_en = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    year = 2021
    status = Visibility.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Visibility.DRAFT, published_at=None)


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    publication = factory.SubFactory(PublicationFactory)
    person = factory.SubFactory(PersonFactory)
    role = Authorship.Role.AUTHOR
    order = factory.Sequence(lambda n: n)


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher

    publication = factory.SubFactory(PublicationFactory)
    organization = factory.SubFactory(OrganizationFactory)
    order = factory.Sequence(lambda n: n)


def pdf_bytes(text="Full text", padding=0):
    """A small valid PDF whose bytes depend on ``text``."""
    return simple_pdf([text], padding=padding)


class PublicationFileFactory(factory.django.DjangoModelFactory):
    """A stored PDF with its metadata filled in, as the upload service would."""

    class Meta:
        model = PublicationFile

    publication = factory.SubFactory(PublicationFactory)
    label = "Полный текст"
    label_en = "Full text"
    original_name = "Полный текст.pdf"
    mime_type = "application/pdf"
    access = PublicationFile.Access.PUBLIC

    class Params:
        content = factory.LazyFunction(pdf_bytes)

    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="upload.pdf"))
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
