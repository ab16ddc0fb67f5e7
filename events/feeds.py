"""RSS and Atom feeds of upcoming events."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from events.models import Event

FEED_SIZE = 50


class UpcomingEventsFeed(Feed):
    """Published events that have not ended yet, soonest first (RSS 2.0)."""

    feed_type = Rss201rev2Feed

    def title(self):
        return _("Upcoming events — Russian Customs Academy: SCIENCE")

    def description(self):
        return _("Summer schools, conferences, seminars and lectures to come.")

    subtitle = description

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.published().upcoming().exclude(type=Event.Type.SERIES)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        when = date_format(item.start_date, "DATE_FORMAT")
        if item.end_date and item.end_date != item.start_date:
            when = f"{when} – {date_format(item.end_date, 'DATE_FORMAT')}"
        place = ", ".join(part for part in (item.venue, item.city) if part)
        text = Truncator(" ".join(item.description.split())).words(60)
        return " — ".join(part for part in (when, place, text) if part)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        # When it was announced; the event's own dates are in the description.
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.get_type_display()]


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    feed_type = Atom1Feed
