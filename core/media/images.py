"""Uploaded images (photos, covers): checked by their content, re-encoded clean, thumbnailed.

The API, shared by every app that accepts an image:

- ``validate_image(file)`` raises ``ValidationError`` unless the file is a real JPEG, PNG or
  WebP image within ``IMAGE_MAX_UPLOAD_SIZE`` bytes and ``IMAGE_MAX_PIXELS`` pixels. It can be
  put in a model field's ``validators``: files already in storage are not re-read.
- ``sanitize_image(file)`` returns the same picture re-encoded without EXIF or other metadata
  (turned upright first), as a ``ContentFile`` named with the right extension.
- ``ImageUploadField`` is a form field doing both: its cleaned value is the clean file, so a
  rejected upload never reaches storage and an accepted one carries no metadata.
- ``make_thumbnail(file, size)`` returns a smaller WebP copy; ``ensure_thumbnail(field_file,
  label, size)`` stores one next to the original once and returns its storage name;
  ``delete_with_thumbnails(storage, name, labels)`` removes them all.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow keeps an image's pixels in blocks (16 MB by default). glibc serves blocks that size
# from its heap once a first one has been freed, and a worker's memory then stays at its peak
# after a big image; blocks above glibc's largest mmap threshold (32 MB) always go back to
# the system when freed. (The environment's PILLOW_BLOCK_SIZE, if larger, still wins.)
Image.core.set_block_size(max(Image.core.get_block_size(), 64 * 1024 * 1024))

# Pillow format name -> (MIME type, file extension).
FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
THUMBNAIL_FORMAT = "WEBP"
ENCODE_OPTIONS = {
    # No "optimize" for JPEG: it keeps every coefficient of the image in memory (238 MB for a
    # 6300 × 6300 cover) to save a few per cent of the file.
    "JPEG": {"quality": 90},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 88, "method": 4},
}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int

    @property
    def mime_type(self):
        return FORMATS[self.format][0]

    @property
    def extension(self):
        return FORMATS[self.format][1]


def max_upload_size():
    return getattr(settings, "IMAGE_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000)


def mime_type_for(name):
    """The MIME type of a stored image, from the extension this module gave it."""
    suffix = PurePosixPath(name).suffix.lower()
    for mime_type, extension in FORMATS.values():
        if suffix == extension:
            return mime_type
    return "application/octet-stream"


def _rewind(file):
    if hasattr(file, "seek"):
        file.seek(0)


def _open(file):
    """Open with Pillow so that any warning about the image (a bomb, a bad chunk) is an error."""
    _rewind(file)
    return Image.open(file)


def validate_image(file, *, decode=True):
    """Refuse anything but a sound JPEG, PNG or WebP image of a reasonable size.

    The format, size and pixel count are read from the header before any decoding. With
    ``decode=False`` the pixels are left for the caller to decode (``sanitize_image`` does,
    once), so a big image is not decoded twice.
    """
    if isinstance(file, FieldFile):
        if not file or getattr(file, "_committed", True):
            return None  # Already in storage, so it was checked when it was uploaded.
        file = file.file
    size = getattr(file, "size", None)
    limit = max_upload_size()
    if size is not None and size > limit:
        raise ValidationError(
            _("The image is too large (%(size)s); the limit is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    invalid = ValidationError(
        _("Upload a real JPEG, PNG or WebP image; this file is not one or is damaged."),
        code="invalid_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _open(file) as image:
                image_format = image.format
                width, height = image.size
                if image_format not in FORMATS:
                    raise invalid
                if width * height > max_pixels():
                    raise _too_many_pixels(width, height)
                image.verify()
            if decode:
                # verify() leaves the image unusable: decode it in full to catch truncated data.
                with _open(file) as image:
                    image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(None, None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise invalid from None
    finally:
        _rewind(file)
    return ImageInfo(image_format, width, height)


def _too_many_pixels(width, height):
    if width and height:
        return ValidationError(
            _(
                "The image is %(width)s × %(height)s pixels, more than the %(limit)s "
                "megapixels accepted. Reduce it and upload it again."
            ),
            code="image_too_many_pixels",
            params={"width": width, "height": height, "limit": max_pixels() // 1_000_000},
        )
    return ValidationError(
        _("The image has too many pixels to be processed safely."),
        code="image_too_many_pixels",
    )


def _encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.save(buffer, format=image_format, **ENCODE_OPTIONS[image_format])
    return buffer.getvalue()


def sanitize_image(file, name="image"):
    """The picture re-encoded in its own format, upright, with EXIF and all metadata dropped.

    The pixels are decoded once and copied once (6300 × 6300 RGB: two copies of 119 MB at
    the peak, one while encoding); each copy is released as soon as it is not needed.
    """
    info = validate_image(file, decode=False)
    try:
        # Not "with": closing the image would close the upload. Each rebinding of "image"
        # frees the pixels it held.
        image = _open(file)
        image.load()  # the only full decode: a truncated file fails here
        ImageOps.exif_transpose(image, in_place=True)
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            has_alpha = "A" in image.getbands() or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
        # A new image given the pixels alone: no EXIF, XMP, ICC or comments survive.
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
        image = None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("Upload a real JPEG, PNG or WebP image; this file is not one or is damaged."),
            code="invalid_image",
        ) from None
    finally:
        _rewind(file)
    with clean:
        data = _encode(clean, info.format)
    stem = PurePosixPath(name).stem or "image"
    return ContentFile(data, name=f"{stem}{info.extension}")


def make_thumbnail(file, size):
    """A WebP copy that fits within ``size`` (width, height), keeping the proportions."""
    with _open(file) as image:
        # A JPEG is decoded straight at a fraction of its size (1/2 … 1/8) still at least
        # twice the box, turned either way: a 6300-pixel cover never sits whole in memory.
        side = 2 * max(size)
        image.draft(None, (side, side))
        image = ImageOps.exif_transpose(image)
        image.thumbnail(size, Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        data = _encode(image, THUMBNAIL_FORMAT)
    _rewind(file)
    return ContentFile(data)


def thumbnail_name(name, label):
    """Where the ``label`` thumbnail of a stored image lives: beside it, with a suffix."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{label}{FORMATS[THUMBNAIL_FORMAT][1]}"))


def ensure_thumbnail(field_file, label, size):
    """Make the thumbnail of a stored image unless it exists; return its storage name."""
    storage = field_file.storage
    name = thumbnail_name(field_file.name, label)
    if not storage.exists(name):
        with storage.open(field_file.name, "rb") as source:
            thumbnail = make_thumbnail(source, size)
        name = storage.save(name, thumbnail)
    return name


def delete_with_thumbnails(storage, name, labels):
    """Remove the stored file ``name`` and its thumbnails (core.media.cleanup calls it)."""
    for label in labels:
        storage.delete(thumbnail_name(name, label))
    storage.delete(name)


class ImageUploadField(forms.ImageField):
    """An image upload checked by ``validate_image`` and cleaned by ``sanitize_image``."""

    default_error_messages = {
        "invalid_image": _(
            "Upload a real JPEG, PNG or WebP image; this file is not one or is damaged."
        ),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        # Our checks first: Django's own would open a decompression bomb before refusing it.
        # The pixels are decoded once, by sanitize_image.
        validate_image(data, decode=False)
        upload = super().to_python(data)
        clean = sanitize_image(upload, name=getattr(upload, "name", "") or "image")
        clean.content_type = mime_type_for(clean.name)
        return clean


def thumbnail_url(field_file, url_name, **kwargs):
    """The address of an image's thumbnail view, versioned; "" when there is no image."""
    if not field_file:
        return ""
    return versioned_url(reverse(url_name, kwargs=kwargs), field_file)


def versioned_url(url, field_file):
    """``url`` with a version from the stored name, which changes with every upload.

    Images are cached for a day; a replaced image gets a new URL and so shows at once.
    """
    version = field_file.name.rsplit("/", 1)[-1].split(".", 1)[0][:8]
    return f"{url}?v={version}"
