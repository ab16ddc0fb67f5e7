"""Sections of other apps' pages that list events and talks: they ask here, never import up."""

from django import template

from events import queries

register = template.Library()


@register.inclusion_tag("events/includes/person_events.html")
def person_events(person):
    """The talks a person gave and the events they took part in (four queries)."""
    return queries.person_events_context(person)


@register.inclusion_tag("events/includes/organization_events.html")
def organization_events(organization):
    """The events an organisation organised (one query)."""
    return queries.organization_events_context(organization)


@register.inclusion_tag("events/includes/publication_talks.html")
def publication_talks(publication):
    """The talks that presented a publication (two queries)."""
    return queries.publication_talks_context(publication)


@register.inclusion_tag("events/includes/topic_events.html")
def topic_events(topic):
    """The latest published events on a topic (one query)."""
    return queries.topic_events_context(topic)
