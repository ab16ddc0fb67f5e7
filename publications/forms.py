"""Admin forms: uploads are checked by content before anything reaches the storage."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.media.forms import RechooseUploadMixin
from core.media.images import ImageUploadField
from publications import services
from publications.models import Publication, PublicationFile


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
        fields = ["file", "label", "language", "access", "embargo_until", "order"]
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
        label=_("cover"),
        required=False,
        help_text=_("JPEG, PNG or WebP. Without a cover, pages show the title and year."),
    )

    class Meta:
        model = Publication
        fields = ["cover"]  # the admin adds the rest from its fieldsets
