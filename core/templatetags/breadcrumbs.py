"""One trail of breadcrumbs for every page: the same markup, separator and levels."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


def _href(target):
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    target = str(target)
    return target if target.startswith("/") else reverse(target)


def _expand(trail):
    """A list in the trail (an organisation's ancestors) is one link per item."""
    for item in trail:
        if isinstance(item, list | tuple):
            for obj in item:
                yield obj
                yield getattr(obj, "label", None) or str(obj)
        else:
            yield item


@register.inclusion_tag("core/breadcrumbs.html")
def breadcrumbs(*trail):
    """Home, then each (target, label) pair as a link, then the page itself: a last label with
    no target. A target is a URL name, a path or an object with ``get_absolute_url``; a list
    of objects stands for a link to each.

    ``{% breadcrumbs "publications:list" _("Publications") publication.title %}``
    """
    trail = list(_expand(trail))
    pairs, current = (trail[:-1], trail[-1]) if len(trail) % 2 else (trail, None)
    links = [{"href": reverse("home"), "label": _("Home")}]
    links += [
        {"href": _href(target), "label": label}
        for target, label in zip(pairs[::2], pairs[1::2], strict=True)
    ]
    return {"links": links, "current": current}
