"""sitemap.xml: every public page in Russian and English, with hreflang alternates and lastmod."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event
from people.models import Organization, Person
from publications.models import Publication, Topic


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True  # the x-default alternate is the Russian page (LANGUAGE_CODE)

    def lastmod(self, item):
        return item.updated


class PublicationSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return Publication.objects.published().order_by("pk")

    def lastmod(self, item):
        # A scheduled publication is new to the public when it goes public.
        return max(item.updated, item.published_at)


class EventSitemap(PortalSitemap):
    priority = 0.6

    def items(self):
        return Event.objects.published().order_by("pk")


class PersonSitemap(PortalSitemap):
    priority = 0.6

    def items(self):
        return Person.objects.published().order_by("pk")


class OrganizationSitemap(PortalSitemap):
    priority = 0.4

    def items(self):
        return Organization.objects.published().order_by("pk")


class TopicSitemap(PortalSitemap):
    priority = 0.6

    def items(self):
        return Topic.objects.published().order_by("pk")


class SectionSitemap(Sitemap):
    """The home page and the section lists."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return [
            "home",
            "publications:list",
            "publications:topics",
            "events:list",
            "people:list",
            "people:organizations",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "publications": PublicationSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "organisations": OrganizationSitemap,
    "topics": TopicSitemap,
}
