"""Template tags shared by every page: language alternates and pagination links."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.translation import get_language_info

from core.languages import active_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in every language: code, native name, URL and whether it is active."""
    request = context.get("request")
    if request is None:
        return []
    current = active_language()
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": _absolute(request, url),
                "active": code == current,
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """An absolute URL for a path (the page's own by default), on the host the request came
    to; a relative one when that host is not the portal's (the 400 page answering it)."""
    request = context.get("request")
    if request is None:
        return path or ""
    return _absolute(request, request.get_full_path() if path is None else path)


def _absolute(request, path):
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return path


@register.simple_tag
def contact_email():
    """The address for questions and problems with the site (``PORTAL_CONTACT_EMAIL``)."""
    return settings.PORTAL_CONTACT_EMAIL


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with Paginator.ELLIPSIS for the gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )
