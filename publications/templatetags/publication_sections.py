"""Sections of other apps' pages that list publications: each app asks here, never imports up."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from core.templatetags.languages import tr
from publications import queries
from publications.models import Authorship

register = template.Library()


@register.inclusion_tag("publications/includes/person_publications.html")
def person_publications(person):
    """A person's published publications by role (four queries)."""
    return {"publications_by_role": queries.person_publications_by_role(person)}


@register.inclusion_tag("publications/includes/organization_publications.html")
def organization_publications(organization):
    """What an organisation published (four queries)."""
    return {"organization_publications": queries.organization_publications(organization)}


@register.simple_tag
def authors(authorships):
    """Authors in their printed order, as every list, search hit and table of contents shows
    them: published profiles linked, unpublished ones named only, roles other than author
    named. Built here rather than in an included template, which took more than twice as long
    for the twenty hits of a search page."""
    names = []
    for authorship in authorships:
        person = authorship.person
        if person.is_published:
            name = format_html(
                '<a href="{}">{}</a>', person.get_absolute_url(), tr(person.short_name)
            )
        else:
            name = conditional_escape(person.short_name)
        if authorship.role != Authorship.Role.AUTHOR:
            role = authorship.get_role_display().lower()
            name = format_html('{} <span class="muted">({})</span>', name, role)
        names.append(name)
    return mark_safe(", ".join(names))
