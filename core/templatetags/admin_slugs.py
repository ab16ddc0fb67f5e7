"""The portal's romanisation for the admin's slug script (static/js/admin-slugs.js)."""

from django import template
from django.utils.html import json_script

from core.text import has_cyrillic, to_ascii

register = template.Library()


@register.simple_tag
def slug_letters():
    """Each Cyrillic letter as ``core.text.to_ascii`` spells it, as JSON for the page: a slug
    typed in the admin then reads as the one the server would make ("ц" → "ts", not "c")."""
    letters = (chr(code) for code in range(0x0400, 0x0500))
    table = {letter: to_ascii(letter) for letter in letters if has_cyrillic(letter)}
    return json_script(table, "slug-letters")
