"""Uploaded images: only real images get through, clean of metadata, and nothing else is stored."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.media import images
from tests.people.factories import image_bytes, image_upload


def decompression_bomb(width=10_000, height=10_000):
    """A valid one-bit PNG of ``width`` × ``height`` pixels that is only a few kilobytes."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def jpeg_with_exif():
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x0131] = "EditingTool 1.0"  # Software
    return image_bytes("JPEG", exif=exif.tobytes())


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


class TestValidateImage:
    @pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
    def test_real_images_of_allowed_formats_pass(self, image_format):
        info = images.validate_image(image_upload(image_format=image_format))
        assert (info.format, info.width, info.height) == (image_format, 64, 80)

    def test_a_text_file_named_jpg_is_refused(self):
        with pytest.raises(ValidationError) as error:
            images.validate_image(upload(b"<?php echo 'hello'; ?>"))
        assert error.value.code == "invalid_image"

    def test_a_truncated_image_is_refused(self):
        data = image_bytes("PNG", size=(300, 300))
        with pytest.raises(ValidationError) as error:
            images.validate_image(upload(data[: len(data) // 2], "photo.png", "image/png"))
        assert error.value.code == "invalid_image"

    def test_a_gif_is_refused_even_though_it_is_an_image(self):
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="GIF")
        with pytest.raises(ValidationError) as error:
            images.validate_image(upload(buffer.getvalue(), "photo.gif", "image/gif"))
        assert error.value.code == "invalid_image"

    def test_a_decompression_bomb_is_refused(self):
        bomb = decompression_bomb()
        assert len(bomb) < 200_000
        with pytest.raises(ValidationError) as error:
            images.validate_image(upload(bomb, "bomb.png", "image/png"))
        assert error.value.code == "image_too_many_pixels"

    def test_an_image_beyond_pillows_own_limit_is_refused(self, settings):
        settings.IMAGE_MAX_PIXELS = 10**12  # Only Pillow's bomb check stands in the way.
        bomb = decompression_bomb(width=20_000, height=10_000)
        with pytest.raises(ValidationError) as error:
            images.validate_image(upload(bomb, "bomb.png", "image/png"))
        assert error.value.code == "image_too_many_pixels"

    def test_too_many_pixels_by_the_setting(self, settings):
        settings.IMAGE_MAX_PIXELS = 64 * 80 - 1
        with pytest.raises(ValidationError) as error:
            images.validate_image(image_upload())
        assert error.value.code == "image_too_many_pixels"
        assert "64 × 80" in error.value.messages[0]

    def test_too_many_bytes_by_the_setting(self, settings):
        settings.IMAGE_MAX_UPLOAD_SIZE = 100
        with pytest.raises(ValidationError) as error:
            images.validate_image(image_upload())
        assert error.value.code == "image_too_large"


class TestSanitize:
    def test_exif_is_stripped_and_the_format_kept(self):
        original = upload(jpeg_with_exif())
        with Image.open(io.BytesIO(jpeg_with_exif())) as before:
            assert before.getexif().get(0x010F) == "SecretCamera"
        clean = images.sanitize_image(original, name="portrait.jpeg")
        data = clean.read()
        assert clean.name == "portrait.jpg"
        assert b"SecretCamera" not in data and b"EditingTool" not in data
        with Image.open(io.BytesIO(data)) as after:
            assert after.format == "JPEG"
            assert not after.getexif()
            assert after.size == (64, 80)

    def test_the_picture_is_turned_upright(self):
        exif = Image.Exif()
        exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display.
        data = image_bytes("JPEG", size=(80, 40), exif=exif.tobytes())
        clean = images.sanitize_image(upload(data))
        with Image.open(clean) as after:
            assert after.size == (40, 80)

    def test_transparency_survives_in_png(self):
        buffer = io.BytesIO()
        Image.new("RGBA", (20, 20), (255, 0, 0, 0)).save(buffer, format="PNG")
        clean = images.sanitize_image(upload(buffer.getvalue(), "logo.png", "image/png"))
        with Image.open(clean) as after:
            assert after.mode == "RGBA"
            assert after.getpixel((0, 0))[3] == 0


class TestThumbnails:
    def test_a_thumbnail_fits_its_box_and_keeps_proportions(self):
        thumbnail = images.make_thumbnail(image_upload(size=(1000, 2000)), (160, 200))
        with Image.open(thumbnail) as image:
            assert image.format == "WEBP"
            assert image.size == (100, 200)

    def test_thumbnail_names_sit_beside_the_original(self):
        assert (
            images.thumbnail_name("people/photos/abc.jpg", "small")
            == "people/photos/abc.small.webp"
        )
        assert images.mime_type_for("people/photos/abc.small.webp") == "image/webp"


class TestFormField:
    def test_the_cleaned_value_is_the_sanitised_file(self):
        field = images.ImageUploadField()
        cleaned = field.clean(upload(jpeg_with_exif(), "me.JPG"))
        assert cleaned.name == "me.jpg"
        assert b"SecretCamera" not in cleaned.read()

    @pytest.mark.parametrize(
        "bad",
        [
            upload(b"not an image at all", "me.jpg"),
            upload(decompression_bomb(), "bomb.png", "image/png"),
        ],
        ids=["fake", "bomb"],
    )
    def test_bad_uploads_give_a_form_error(self, bad):
        field = images.ImageUploadField(required=False)
        with pytest.raises(ValidationError):
            field.clean(bad)


@pytest.fixture
def decoded_sizes(monkeypatch):
    """The size of every image Pillow decodes, in order."""
    from PIL import ImageFile

    sizes = []
    load = ImageFile.ImageFile.load

    def recording_load(image):
        if image.tile:  # not decoded yet: this call decodes it
            sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    return sizes


def test_a_big_cover_is_decoded_once_in_full_and_thumbnailed_from_a_reduced_decode(
    decoded_sizes,
):
    data = image_bytes("JPEG", size=(4000, 3000))
    clean = images.ImageUploadField().clean(upload(data, "cover.jpg"))
    assert decoded_sizes == [(4000, 3000)]
    decoded_sizes.clear()
    thumbnail = images.make_thumbnail(clean, (480, 680))
    assert max(max(size) for size in decoded_sizes) <= 2000  # 1/2 of it, or less
    with Image.open(thumbnail) as small:
        assert small.size == (480, 360)


def test_images_are_kept_in_blocks_that_return_to_the_system():
    assert Image.core.get_block_size() >= 64 * 1024 * 1024
