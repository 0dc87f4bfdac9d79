"""The one upload validator: photos checked by content, re-encoded without EXIF or GPS."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from portal.uploads import MAX_SIDE, clean_image, validate_image_upload


@pytest.fixture(autouse=True)
def _english_messages():
    # The messages are asserted in their English source words.
    with translation.override("en"):
        yield


GPS_IFD = 0x8825  # 34853, GPSInfo
ORIENTATION = 0x0112
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>secret place</rdf:Description>'


def photo_bytes(fmt="JPEG", size=(40, 20), mode="RGB", color=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save)
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (22.0, 32.0, 10.5), 3: "E", 4: (113.0, 55.0, 3.2)}
    return exif


def opened(cleaned) -> Image.Image:
    cleaned.seek(0)
    image = Image.open(io.BytesIO(cleaned.read()))
    image.load()
    return image


def refused(data: bytes, code: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean_image(upload(data), **kwargs)
    assert caught.value.code == code
    return caught.value


def test_the_test_photo_really_carries_gps_before_cleaning():
    original = Image.open(io.BytesIO(photo_bytes(exif=gps_exif(), xmp=XMP, comment=b"home")))
    assert original.getexif().get_ifd(GPS_IFD)[1] == "N"
    assert original.info.get("xmp") and original.info.get("comment") == b"home"


def test_a_jpeg_with_gps_comes_out_without_exif_xmp_or_comment():
    data = photo_bytes(exif=gps_exif(), xmp=XMP, comment=b"home")
    cleaned = clean_image(upload(data, name="张三家门口.jpg"))
    assert cleaned.name == "photo.jpg"
    image = opened(cleaned)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert not image.getexif()
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info)
    cleaned.seek(0)
    raw = cleaned.read()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw and b"secret place" not in raw


def test_the_camera_orientation_is_applied_to_the_pixels():
    # Stored 40×20 landscape, tagged "rotate 90° clockwise to show" (orientation 6).
    image = opened(clean_image(upload(photo_bytes(size=(40, 20), exif=gps_exif(6)))))
    assert image.size == (20, 40)
    assert not image.getexif()


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    data = photo_bytes("PNG", size=(10, 10), mode="RGBA", color=(0, 0, 255, 0))
    image = opened(clean_image(upload(data, name="map.png", content_type="image/png")))
    assert image.format == "JPEG" and image.mode == "RGB"
    red, green, blue = image.getpixel((5, 5))
    assert min(red, green, blue) > 245  # transparent shows as white, not black


def test_webp_and_heic_are_accepted():
    for fmt in ("WEBP", "HEIF"):
        image = opened(clean_image(upload(photo_bytes(fmt, size=(64, 48)), name="x.heic")))
        assert image.format == "JPEG" and image.size == (64, 48)


def test_a_text_file_named_jpg_is_refused():
    error = refused(b"not a photo at all, just words\n" * 20, "not_a_photo")
    assert "JPEG, PNG, WebP, HEIC" in error.messages[0]


def test_other_image_formats_are_refused_by_content():
    refused(photo_bytes("GIF", mode="P", color=1), "not_a_photo")
    refused(photo_bytes("BMP"), "not_a_photo")


def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded():
    data = photo_bytes()
    error = refused(data, "too_big", max_bytes=len(data) - 1)
    assert "MB" in error.messages[0]


def test_the_default_limit_is_ten_megabytes(settings):
    if hasattr(settings, "UPLOAD_MAX_BYTES"):
        del settings.UPLOAD_MAX_BYTES
    padding = b"\0" * (10 * 1024 * 1024)
    error = refused(photo_bytes() + padding, "too_big")
    assert "10 MB" in error.messages[0]


def test_too_many_pixels_is_refused_without_decoding():
    # 7000×7000 PNG of one colour: a few kilobytes that would unpack to 147 MB.
    data = photo_bytes("PNG", size=(7000, 7000), mode="L", color=0)
    assert len(data) < 1024 * 1024
    refused(data, "too_many_pixels")
    refused(photo_bytes(size=(100, 100)), "too_many_pixels", max_pixels=9_999)


def test_a_decompression_bomb_beyond_pillows_own_limit_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow refuses over 2× this
    refused(photo_bytes("PNG", size=(100, 100)), "too_many_pixels", max_pixels=10**9)


def test_a_large_photo_is_scaled_down_to_the_longest_side():
    data = photo_bytes(size=(MAX_SIDE * 2, 1000))
    image = opened(clean_image(upload(data)))
    assert image.size == (MAX_SIDE, 500)


def test_a_truncated_photo_is_refused():
    data = photo_bytes(size=(400, 300))
    error = refused(data[: len(data) // 2], "damaged")
    assert "damaged" in error.messages[0]


def test_a_photo_with_a_corrupt_header_is_refused_as_damaged():
    for fmt in ("PNG", "JPEG", "WEBP"):
        data = bytearray(photo_bytes(fmt, size=(50, 50)))
        data[16:80] = b"\x07" * 64
        refused(bytes(data), "damaged")


def test_validate_image_upload_works_as_a_form_field_validator():
    class PhotoForm(forms.Form):
        photo = forms.FileField(validators=[validate_image_upload])

    good = PhotoForm(files={"photo": upload(photo_bytes())})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["photo"].read(2) == b"\xff\xd8"  # left at the start for the form
    bad = PhotoForm(files={"photo": upload(b"hello", name="x.jpg")})
    assert not bad.is_valid()
    assert "JPEG, PNG, WebP, HEIC" in bad.errors["photo"][0]


def test_the_name_and_content_type_do_not_matter_only_the_content():
    data = photo_bytes("PNG")
    cleaned = clean_image(upload(data, name="notes.txt", content_type="text/plain"))
    assert opened(cleaned).format == "JPEG"
