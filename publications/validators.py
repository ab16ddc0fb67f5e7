"""Validators for bibliographic identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def normalize_isbn(value):
    return re.sub(r"[\s-]", "", value or "").upper()


def isbn_is_valid(value):
    digits = normalize_isbn(value)
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if ch == "X" else int(ch)) for i, ch in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", digits):
        total = sum((1 if i % 2 == 0 else 3) * int(ch) for i, ch in enumerate(digits))
        return total % 10 == 0
    return False


def validate_isbn(value):
    if not isbn_is_valid(value):
        raise ValidationError(
            _("Not a valid ISBN-10 or ISBN-13: check the digits and the check digit."),
            code="isbn",
        )


def validate_doi(value):
    if not DOI_RE.match(value or ""):
        raise ValidationError(
            _("A DOI starts with 10., a registrant code and a slash, e.g. 10.1000/xyz123."),
            code="doi",
        )


EDN_RE = re.compile(r"^[A-Z]{6}$")


def validate_edn(value):
    if not EDN_RE.match((value or "").upper()):
        raise ValidationError(
            _("An EDN is six Latin letters, e.g. ABCDEF."),
            code="edn",
        )
