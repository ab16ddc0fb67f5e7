"""Names of the countries the portal's organisations are most often in (ISO 3166-1 alpha-2)."""

from django.utils.translation import gettext_lazy as _

COUNTRY_NAMES = {
    "AM": _("Armenia"),
    "AZ": _("Azerbaijan"),
    "BE": _("Belgium"),
    "BY": _("Belarus"),
    "CN": _("China"),
    "DE": _("Germany"),
    "FI": _("Finland"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "IN": _("India"),
    "IR": _("Iran"),
    "KG": _("Kyrgyzstan"),
    "KZ": _("Kazakhstan"),
    "MD": _("Moldova"),
    "MN": _("Mongolia"),
    "RU": _("Russia"),
    "TJ": _("Tajikistan"),
    "TM": _("Turkmenistan"),
    "TR": _("Turkey"),
    "US": _("United States"),
    "UZ": _("Uzbekistan"),
    "VN": _("Vietnam"),
}


def country_name(code):
    """The country's name in the active language, or the code itself when it is not listed."""
    code = (code or "").upper()
    return COUNTRY_NAMES.get(code, code)
