"""Validators for people's identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum(base_digits):
    """The ISO 7064 11,2 check character of the first fifteen ORCID digits."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value):
    if not ORCID_RE.match(value or ""):
        raise ValidationError(
            _("An ORCID iD is four groups of four characters, e.g. 0000-0002-1825-0097."),
            code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_checksum(digits[:15]) != digits[15]:
        raise ValidationError(
            _("This ORCID iD has a wrong check digit: check it for a typing error."),
            code="orcid_checksum",
        )
