"""Sections of other apps' pages that list publications: each app asks here, never imports up."""

from django import template

from publications import queries

register = template.Library()


@register.inclusion_tag("publications/includes/person_publications.html")
def person_publications(person):
    """A person's published publications by role (four queries)."""
    return {"publications_by_role": queries.person_publications_by_role(person)}


@register.inclusion_tag("publications/includes/organization_publications.html")
def organization_publications(organization):
    """What an organisation published (four queries)."""
    return {"organization_publications": queries.organization_publications(organization)}
