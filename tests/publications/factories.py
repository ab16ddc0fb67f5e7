"""Factories for publications, their authors, topics and files."""

import factory
from django.utils import timezone

from people.models import Visibility
from publications.models import Authorship, Publication, Topic
from tests.people.factories import PersonFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


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
