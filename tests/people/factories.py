"""Factories for people and organisations."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.publishing import Visibility
from people.models import Affiliation, NameVariant, Organization, Person


def image_bytes(image_format="JPEG", size=(64, 80), color=(20, 90, 70), **save_options):
    """A small real image, encoded in ``image_format``."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def image_upload(name="photo.jpg", image_format="JPEG", **options):
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}.get(
        image_format, "application/octet-stream"
    )
    return SimpleUploadedFile(name, image_bytes(image_format, **options), content_type)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organization.Kind.ACADEMY
    status = Visibility.PUBLISHED


class PersonFactory(factory.django.DjangoModelFactory):
    """A published person whose search keys are up to date; ``variants=[...]`` adds spellings."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    family_name_cyr = factory.Sequence(lambda n: f"Иванов{n}")
    given_name_cyr = "Пётр"
    family_name_lat = factory.Sequence(lambda n: f"Ivanov{n}")
    given_name_lat = "Petr"
    slug = factory.Sequence(lambda n: f"person-{n}")
    status = Visibility.PUBLISHED

    @factory.post_generation
    def variants(self, create, extracted, **kwargs):
        if not create:
            return
        for name in extracted or ():
            NameVariant.objects.create(person=self, name=name)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = "Старший научный сотрудник"
    position_en = "Senior Researcher"


class NameVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NameVariant
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Variant {n}")


def mozer(**overrides):
    """Sergei Mozer as the seed pages know him: two spellings, two positions, a degree."""
    values = {
        "family_name_cyr": "Мозер",
        "given_name_cyr": "Сергей",
        "family_name_lat": "Mozer",
        "given_name_lat": "Sergei",
        "slug": "sergei-mozer",
        "degree_ru": "кандидат юридических наук",
        "degree_en": "Ph.D. in law",
        "variants": ["Sergei Moser", "Mozer S.", "Moser S."],
    }
    return PersonFactory(**values | overrides)
