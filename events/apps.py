from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from core import history
        from core.media.cleanup import follow_rows
        from events import queries
        from events.models import COVER_THUMBNAILS, Event, Participation, Session, Speaker, Talk
        from publications.oai import openaire

        follow_rows(Event, "cover", thumbnails=COVER_THUMBNAILS)
        follow_rows(Talk, "slides")
        # A version of an event holds its programme: sessions, talks with their speakers, and
        # participants. A talk is edited on its own page: its versions take the event along,
        # so that the event's history shows the change, and the event's curators revert it.
        history.follow(Event, parts=["sessions", "talks", "participations"])
        history.follow(Session, record=False)
        history.follow(
            Talk, parts=["speakers"], also=["event"], record=False, revert_permission_of=Event
        )
        history.follow(Speaker, record=False)
        history.follow(Participation, record=False)
        # OpenAIRE records give the conference where a paper or proceedings were presented.
        openaire.use_conferences(queries.conferences_of)
