"""robots.txt: crawl the public pages, not search results, exports or the admin."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def disallowed_paths():
    """Search, export and admin URLs in every language (/ru/search/, /en/export/ ...)."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [
                reverse("search"),
                reverse("exports:list", kwargs={"fmt": "bib"}).rsplit("/", 1)[0] + "/",
                reverse("admin:index"),
            ]
    return paths


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed_paths()]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
