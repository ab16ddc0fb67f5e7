"""An event's statistics page: the use of the publications presented at it."""

from django.utils.translation import gettext_lazy as _

from events import queries
from events.models import Event
from publications.usage.views import StatisticsView


class EventStatisticsView(StatisticsView):
    """The publications presented in the event's talks (five queries)."""

    model = Event
    link_label = _("The event's page")

    def publications(self):
        return queries.presented_at(self.scope)
