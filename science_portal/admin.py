"""The admin site's name in both languages, and its link back to the public site."""

from django.contrib import admin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

# Lazy, so each request reads them in its own language; the "View site" link goes to the home
# page of that language (/ru/ or /en/) rather than to "/", which guesses from the browser.
admin.site.site_header = _("RCA: SCIENCE — administration")
admin.site.site_title = _("RCA: SCIENCE — administration")
admin.site.index_title = _("Content of the portal")
admin.site.site_url = reverse_lazy("home")
