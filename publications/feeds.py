"""RSS and Atom feeds of new publications: all of them, one topic's, one author's."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from people.models import Person
from publications.models import Publication, Topic
from publications.queries import authorships_prefetch

FEED_SIZE = 30


def newest(queryset):
    """The latest publications to go public, with their authors and topics (three queries)."""
    return queryset.prefetch_related(
        authorships_prefetch(),
        Prefetch("topics", queryset=Topic.objects.published().order_by("name")),
    ).order_by("-published_at", "-pk")[:FEED_SIZE]


class PublicationsFeed(Feed):
    """New publications on the portal, newest first (RSS 2.0)."""

    feed_type = Rss201rev2Feed

    def title(self, obj=None):
        return _("New publications — Russian Customs Academy: SCIENCE")

    def description(self, obj=None):
        return _("Monographs, collections and articles newly published on the portal.")

    subtitle = description

    def link(self, obj=None):
        return reverse("publications:list")

    def items(self, obj=None):
        return newest(Publication.objects.published())

    def item_title(self, item):
        return f"{item.title} ({item.year})"

    def item_description(self, item):
        names = ", ".join(link.person.full_name for link in item.authorships.all())
        abstract = Truncator(" ".join(item.abstract.split())).words(60)
        return " — ".join(part for part in (names, abstract) if part)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated, item.published_at)

    def item_author_name(self, item):
        return (
            ", ".join(
                link.person.full_name
                for link in item.authorships.all()
                if link.role == link.Role.AUTHOR
            )
            or None
        )

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = Atom1Feed


class TopicFeed(PublicationsFeed):
    """New publications on one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.published(), slug=slug)

    def title(self, obj=None):
        return _("New publications on “%(topic)s” — Russian Customs Academy: SCIENCE") % {
            "topic": obj.name
        }

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return newest(Publication.objects.published().filter(topics=obj))


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed


class AuthorFeed(PublicationsFeed):
    """New publications of one person, in any role (author, editor, compiler...)."""

    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.published(), slug=slug)

    def title(self, obj=None):
        return _("New publications by %(name)s — Russian Customs Academy: SCIENCE") % {
            "name": obj.full_name
        }

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        authored = obj.authorships.values("publication")
        return newest(Publication.objects.published().filter(pk__in=authored))


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
