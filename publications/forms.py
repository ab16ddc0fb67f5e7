"""Admin forms: uploads are checked by content before anything reaches the storage."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from publications import services
from publications.models import Publication, PublicationFile
from science_portal.images import ImageUploadField


class PublicationFileForm(forms.ModelForm):
    """A file of a publication: a PDF or EPUB within the size limit, described by a service."""

    class Meta:
        model = PublicationFile
        fields = ["file", "label", "language", "access", "embargo_until", "order"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".pdf,.epub"})}
        help_texts = {"file": _("PDF or EPUB; checked by its content.")}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            # Size, checksum, MIME type and original name come from the content, here.
            services.describe_upload(instance=self.instance, upload=upload)
        return upload


class PublicationAdminForm(forms.ModelForm):
    cover = ImageUploadField(
        label=_("cover"),
        required=False,
        help_text=_("JPEG, PNG or WebP. Without a cover, pages show the title and year."),
    )

    class Meta:
        model = Publication
        fields = ["cover"]  # the admin adds the rest from its fieldsets
