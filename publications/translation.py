"""Reader-facing fields of publications and topics, in Russian and English."""

from modeltranslation.translator import TranslationOptions, register

from publications.models import Publication, PublicationFile, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Publication)
class PublicationTranslationOptions(TranslationOptions):
    fields = ("title", "subtitle", "abstract", "place", "series", "keywords")


@register(PublicationFile)
class PublicationFileTranslationOptions(TranslationOptions):
    fields = ("label",)
