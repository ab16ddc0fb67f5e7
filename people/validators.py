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


SPIN_RE = re.compile(r"^\d{4}-\d{4}$")
AUTHOR_ID_RE = re.compile(r"^[1-9]\d{0,9}$")
# ROR: "0", six characters of Crockford's base32 (no i, l, o, u), a two-digit checksum.
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
ROR_RE = re.compile(rf"^0[{CROCKFORD}]{{6}}\d{{2}}$")


def validate_spin(value):
    if not SPIN_RE.match(value or ""):
        raise ValidationError(
            _("A SPIN code is two groups of four digits, e.g. 1234-5678."), code="spin_format"
        )


def validate_author_id(value):
    if not AUTHOR_ID_RE.match(value or ""):
        raise ValidationError(
            _("An RSCI AuthorID is a number, e.g. 123456."), code="author_id_format"
        )


def ror_checksum(base):
    """The ISO 7064 Mod 97-10 checksum of a ROR id's first seven characters."""
    number = 0
    for char in base:
        number = number * 32 + CROCKFORD.index(char)
    return f"{98 - number * 100 % 97:02d}"


def validate_ror(value):
    value = (value or "").lower()
    if not ROR_RE.match(value):
        raise ValidationError(
            _(
                "A ROR id is nine characters: 0, six letters or digits and two check digits, "
                "e.g. 05gq02987 (without https://ror.org/)."
            ),
            code="ror_format",
        )
    if ror_checksum(value[:7]) != value[7:]:
        raise ValidationError(
            _("This ROR id has wrong check digits: check it for a typing error."),
            code="ror_checksum",
        )
