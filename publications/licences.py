"""The licences a publication or a file may be under: their URIs (what is stored) and labels.

The labels are in English here and in Russian in the app's catalogue. A file with no licence
of its own is under its publication's.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.languages import codes

RIGHTS_RESERVED = "http://rightsstatements.org/vocab/InC/1.0/"


@dataclass(frozen=True)
class Licence:
    uri: str
    short: str  # the short name on the badge
    name: str  # the name in full

    @property
    def is_open(self):
        return self.uri != RIGHTS_RESERVED

    def labels(self):
        """The full name in each language: {"ru": ..., "en": ...}."""
        found = {}
        for code in codes():
            with translation.override(code):
                found[code] = str(self.name)
        return found


def _cc(code, name):
    return Licence(
        f"https://creativecommons.org/licenses/{code}/4.0/", f"CC {code.upper()} 4.0", name
    )


LICENCES = (
    _cc("by", _("Creative Commons Attribution 4.0 International")),
    _cc("by-sa", _("Creative Commons Attribution-ShareAlike 4.0 International")),
    _cc("by-nc", _("Creative Commons Attribution-NonCommercial 4.0 International")),
    _cc("by-nc-sa", _("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International")),
    _cc("by-nd", _("Creative Commons Attribution-NoDerivatives 4.0 International")),
    _cc(
        "by-nc-nd", _("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International")
    ),
    Licence(
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "CC0 1.0",
        _("CC0 1.0 Universal (public domain dedication)"),
    ),
    Licence(
        "https://creativecommons.org/publicdomain/mark/1.0/",
        "PDM 1.0",
        _("Public Domain Mark 1.0"),
    ),
    Licence(RIGHTS_RESERVED, "©", _("All rights reserved")),
)
BY_URI = {licence.uri: licence for licence in LICENCES}
CHOICES = [(licence.uri, licence.name) for licence in LICENCES]
MAX_LENGTH = 100


def get(uri):
    """The licence with this URI, or None (blank or unknown)."""
    return BY_URI.get(uri or "")


def of_file(file, publication=None):
    """The URI of the licence a file is under: its own, else its publication's ("" if neither
    says). Pass ``publication`` when it is at hand, so no query reads it."""
    if file.license:
        return file.license
    publication = publication if publication is not None else file.publication
    return publication.license
