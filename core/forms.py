"""Form helpers every app's admin shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

SUBWIDGET_NAMES = {forms.SplitDateTimeWidget: (_("date"), _("time"))}


def name_subwidgets(form):
    """Name each input of a date-and-time field for screen readers ("published: date"): the
    field's label points at none of them (Django's MultiWidget has no single id to label)."""
    for form_field in form.fields.values():
        widget = form_field.widget
        for kind, names in SUBWIDGET_NAMES.items():
            if isinstance(widget, kind):
                for subwidget, name in zip(widget.widgets, names, strict=True):
                    subwidget.attrs["aria-label"] = f"{form_field.label}: {name}"
