"""Forms with uploads that fail: the editor is told to choose the file again.

A browser never sends a chosen file back to a page that came back with errors, so a rejected
upload (or a good one on a form that failed elsewhere) is gone and must be chosen again.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.media import storage

CHOOSE_AGAIN = _("Choose the file again: the browser does not keep it when the page has errors.")
NOT_SAVED = _(
    "The file “%(name)s” was not saved because of the other errors on this page: choose it again."
)


def _file_fields(form):
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.FileField):
            yield form[name]


def _chosen(bound_field):
    """The name of the file chosen for a field, as the browser sent it."""
    names = getattr(bound_field.form, "chosen_file_names", None)
    if names is not None:
        return names.get(bound_field.name, "")
    upload = bound_field.form.files.get(bound_field.html_name)
    return getattr(upload, "name", "") if upload else ""


def _lower_first(text):
    """ "Файл" → "файл", but "PDF" stays."""
    text = str(text)
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


class RechooseUploadMixin:
    """A form whose rejected uploads say, beside the field, to choose the file again."""

    def full_clean(self):
        # Cleaning may rename an upload (publications.services names stored files).
        self.chosen_file_names = None
        self.chosen_file_names = {bf.name: _chosen(bf) for bf in _file_fields(self)}
        super().full_clean()
        failure = storage.reported_failure()
        if failure is not None and self.is_bound:
            for bound_field in _file_fields(self):
                if self.chosen_file_names.get(bound_field.name):
                    self.add_error(bound_field.name, failure.as_validation_error())
        if not self.is_bound or not self._errors:
            return
        for bound_field in _file_fields(self):
            if bound_field.name in self._errors and _chosen(bound_field):
                self._errors[bound_field.name].append(CHOOSE_AGAIN)


@dataclass
class UploadProblem:
    """A file field of the page that needs its file chosen again, and why."""

    anchor: str
    label: str
    messages: list = field(default_factory=list)


def upload_problems(labelled_forms):
    """The file fields of a page with errors whose chosen file is lost: rejected uploads, and
    accepted ones on a page that failed elsewhere. ``labelled_forms`` is ``[(label, form)]``
    with "" for the main form; nothing when the page has no errors."""
    labelled_forms = [(label, form) for label, form in labelled_forms if form.is_bound]
    if not any(form.errors for _label, form in labelled_forms):
        return []
    problems = []
    for label, form in labelled_forms:
        for bound_field in _file_fields(form):
            name = _chosen(bound_field)
            field_label = capfirst(bound_field.label)
            title = f"{label}: {_lower_first(field_label)}" if label else field_label
            if bound_field.errors:
                messages = [str(message) for message in bound_field.errors]
                if name and str(CHOOSE_AGAIN) not in messages:
                    messages.append(str(CHOOSE_AGAIN))
            elif name:
                messages = [str(NOT_SAVED % {"name": name})]
            else:
                continue
            problems.append(UploadProblem(bound_field.id_for_label, title, messages))
    return problems
