"""Reader-facing fields of people and organisations, in Russian and English."""

from modeltranslation.translator import TranslationOptions, register

from people.models import Affiliation, Organization, Person


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "description")


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("degree", "academic_title", "biography")


@register(Affiliation)
class AffiliationTranslationOptions(TranslationOptions):
    fields = ("position",)
