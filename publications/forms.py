"""Admin forms: uploads are checked by content before anything reaches the storage."""

import math

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import name_subwidgets
from core.media.forms import RechooseUploadMixin
from core.media.images import ImageUploadField
from publications import services
from publications.importing.matching import duplicates_of
from publications.models import Authorship, Publication, PublicationFile


class _StoredFile:
    """A stored file as the upload widget shows it: its download link and original name."""

    def __init__(self, field_file):
        self.url = field_file.instance.get_absolute_url()
        self.name = field_file.instance.original_name or field_file.name

    def __str__(self):
        return self.name


class StoredFileInput(forms.ClearableFileInput):
    """Links the current file through the download view, never straight to the media folder."""

    def format_value(self, value):
        if value and getattr(value, "instance", None) is not None and value.instance.pk:
            return _StoredFile(value)
        return super().format_value(value)


class PublicationFileForm(RechooseUploadMixin, forms.ModelForm):
    """A file of a publication: a PDF or EPUB within the size limit, described by a service."""

    class Meta:
        model = PublicationFile
        fields = [
            "file",
            "label",
            "language",
            "access",
            "embargo_until",
            "preview_pages",
            "order",
        ]
        widgets = {"file": StoredFileInput(attrs={"accept": ".pdf,.epub"})}
        help_texts = {"file": _("PDF or EPUB; checked by its content.")}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            # Size, checksum, MIME type and original name come from the content, here.
            services.describe_upload(instance=self.instance, upload=upload)
        return upload


class PublicationAdminForm(RechooseUploadMixin, forms.ModelForm):
    cover = ImageUploadField(
        label=capfirst(_("cover")),
        required=False,
        help_text=_("JPEG, PNG or WebP. Without a cover, pages show the title and year."),
    )

    allow_duplicate = forms.BooleanField(
        label=_("Save even if it looks like a duplicate"),
        required=False,
        help_text=_("Tick it once you have checked the publications the warning names."),
    )

    class Meta:
        model = Publication
        fields = ["cover"]  # the admin adds the rest from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_subwidgets(self)

    def clean(self):
        """A new publication with the DOI or ISBN of another, or its title and year, is
        named before it is saved (the import's duplicate detection, publications.importing)."""
        cleaned = super().clean()
        if self.instance.pk is None and not cleaned.get("allow_duplicate"):
            probe = Publication(
                **{
                    name: cleaned.get(name) or ""
                    for name in ("doi", "isbn", "title_ru", "title_en")
                    if name in self.fields
                },
                year=cleaned.get("year"),
            )
            found = duplicates_of(probe)
            if found:
                links = format_html_join(
                    "; ",
                    '<a href="{}" target="_blank">{}</a> ({})',
                    (
                        (
                            reverse("admin:publications_publication_change", args=[other.pk]),
                            str(other),
                            reason,
                        )
                        for other, reason in found
                    ),
                )
                message = _("A publication like this one already exists: %(links)s.")
                raise forms.ValidationError(mark_safe(message % {"links": links}))
        return cleaned


class PositionInput(forms.NumberInput):
    """A position in a list, with buttons that move the row up or down (admin-order.js)."""

    template_name = "publications/widgets/position.html"

    class Media:
        js = ["js/admin-order.js"]


class AuthorshipForm(forms.ModelForm):
    """An author's row; a new row's position is left empty, for the formset to number."""

    order = forms.IntegerField(
        label=capfirst(_("position in the list")),
        required=False,
        min_value=0,
        widget=PositionInput(attrs={"class": "vIntegerField position-input"}),
        help_text=_("Leave empty for the next position; the arrows move the row."),
    )

    class Meta:
        model = Authorship
        fields = ["order", "person", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.pop("order", None)


class AuthorshipFormSet(BaseInlineFormSet):
    """Authors numbered 1, 2, 3… on every save: by the positions given, a row without one
    after the others, and rows with the same position in the order the page shows them."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]

        def given(item):
            index, form = item
            order = form.cleaned_data.get("order")
            return (math.inf if order is None else order, index)

        for position, (_index, form) in enumerate(sorted(enumerate(kept), key=given), 1):
            if form.cleaned_data.get("order") != position or form.instance.order != position:
                form.cleaned_data["order"] = position
                form.instance.order = position
                if "order" not in form.changed_data:
                    form.changed_data.append("order")
