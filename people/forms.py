"""Admin forms of people: the photo goes through the shared image checks."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.media.forms import RechooseUploadMixin
from core.media.images import ImageUploadField
from people.models import Person


class PersonAdminForm(RechooseUploadMixin, forms.ModelForm):
    photo = ImageUploadField(
        label=capfirst(_("photo")),
        required=False,
        help_text=_("JPEG, PNG or WebP. Metadata such as EXIF is removed on upload."),
    )

    class Meta:
        model = Person
        fields = [
            "family_name_cyr",
            "given_name_cyr",
            "patronymic_cyr",
            "family_name_lat",
            "given_name_lat",
            "patronymic_lat",
            "slug",
            "status",
            "degree",
            "academic_title",
            "orcid",
            "spin",
            "rsci_author_id",
            "biography",
            "photo",
            "email",
            "email_public",
        ]
