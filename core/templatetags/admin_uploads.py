"""The uploads an admin change form lost, listed at its top (templates/admin/change_form.html)."""

from django import template
from django.utils.text import capfirst

from core.media.forms import upload_problems

register = template.Library()


@register.simple_tag
def admin_upload_problems(adminform, inline_admin_formsets):
    """``upload_problems`` of the change form and each row of its inlines ("Файл 2")."""
    labelled = [("", adminform.form)] if adminform else []
    for inline in inline_admin_formsets or ():
        name = capfirst(inline.opts.verbose_name)
        labelled.extend(
            (f"{name} {number}", form) for number, form in enumerate(inline.formset.forms, 1)
        )
    return upload_problems(labelled)
