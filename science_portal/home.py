"""What the home page shows: latest publications, upcoming and recent events, topics."""

from django.db.models import Prefetch

from events.models import Event
from publications.models import Authorship, Publication, Topic

LATEST_PUBLICATIONS = 6
EVENTS_PER_LIST = 4
FEATURED_TOPICS = 8


def sections():
    authorships = Prefetch(
        "authorships",
        queryset=Authorship.objects.select_related("person").order_by("order", "pk"),
    )
    latest = (
        Publication.objects.published()
        .prefetch_related(authorships)
        .order_by("-published_at", "-pk")[:LATEST_PUBLICATIONS]
    )
    events = Event.objects.published()
    return {
        "latest_publications": list(latest),
        "upcoming_events": list(events.upcoming()[:EVENTS_PER_LIST]),
        "recent_events": list(events.past()[:EVENTS_PER_LIST]),
        "featured_topics": list(Topic.objects.published().filter(featured=True)[:FEATURED_TOPICS]),
    }
