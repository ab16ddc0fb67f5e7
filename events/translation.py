"""Reader-facing fields of events and their programme, in Russian and English."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Participation, Session, Talk


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description", "venue", "city")


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Talk)
class TalkTranslationOptions(TranslationOptions):
    fields = ("title", "agenda_item", "abstract")


@register(Participation)
class ParticipationTranslationOptions(TranslationOptions):
    fields = ("description",)
