"""The one upload validator (上传校验): every photo a visitor sends comes through here.

A photo is checked by its content (never its name or the browser's content type), opened only
by the decoders of the formats phones produce, and re-encoded as a plain JPEG: the EXIF block
with the camera's GPS position (the reporter's home, often), XMP and comments are dropped, so
nothing personal that the picture does not show leaves the upload. Features that take photos
(event reports, posts, forums) call ``clean_image`` and store what it returns.
"""

from __future__ import annotations

import io

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_PIXELS",
    "MAX_SIDE",
    "clean_image",
    "max_upload_bytes",
    "private_photo_response",
    "validate_image_upload",
]

pillow_heif.register_heif_opener()  # iPhones save HEIC by default

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Pixels a photo may have before it is decoded: a phone's 200-megapixel mode is refused, and
# a tiny file claiming huge dimensions (a decompression bomb) never reaches the decoder.
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560  # longest side kept: plenty to read a sign or a crack in a wall
JPEG_QUALITY = 85
# Only these decoders are tried; Pillow's others (EPS, PSD, ...) never see visitors' files.
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1"}


def max_upload_bytes() -> int:
    """The largest upload accepted: ``settings.UPLOAD_MAX_BYTES``, 10 MB by default."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _not_a_photo() -> ValidationError:
    return ValidationError(
        _("Only photos (JPEG, PNG, WebP, HEIC) can be attached."), code="not_a_photo"
    )


def _unreadable() -> ValidationError:
    return ValidationError(
        _("This photo could not be read; it may be damaged. Take it again or choose another."),
        code="damaged",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("This photo has too many pixels. Take it at a lower resolution."),
        code="too_many_pixels",
    )


def _looks_like_a_photo(head: bytes) -> bool:
    """Whether the first bytes are those of one of the four formats: a file that starts like
    a photo but does not open is a damaged photo, not the wrong kind of file."""
    return (
        head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or (head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS)
    )


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    return size


def _to_srgb(image: Image.Image) -> Image.Image:
    """``image`` in sRGB: a wide-gamut photo (HEIC is Display P3) keeps its colours once the
    profile is dropped. A profile Pillow cannot read is ignored rather than refused."""
    profile = image.info.get("icc_profile")
    if not profile:
        return image.convert("RGB")
    try:
        return ImageCms.profileToProfile(
            image.convert("RGB"),
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert("RGB")


def _flatten(image: Image.Image) -> Image.Image:
    """A new RGB image with only the pixels (no ``info``: no EXIF, XMP, comment or profile);
    transparency becomes white, as it shows on the page."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        colour = _to_srgb(rgba)
    else:
        alpha = None
        colour = _to_srgb(image)
    clean = Image.new("RGB", image.size, (255, 255, 255))
    clean.paste(colour, mask=alpha)
    return clean


def clean_image(
    upload,
    *,
    max_bytes: int | None = None,
    max_pixels: int = MAX_PIXELS,
) -> ContentFile:
    """A checked, re-encoded copy of the uploaded photo, as ``photo.jpg``.

    Accepts JPEG, PNG, WebP and HEIC/HEIF by their content. The camera's orientation is applied
    to the pixels, the longest side is capped at ``MAX_SIDE`` and the result carries no
    metadata. Raises ``ValidationError`` with a plain sentence for anything else: another kind
    of file, a file over ``max_bytes``, too many pixels, a damaged or truncated photo.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if _size_of(upload) > limit:
        raise ValidationError(
            _("This photo is larger than %(size)s MB. Choose a smaller one.")
            % {"size": f"{limit / (1024 * 1024):g}"},
            code="too_big",
        )
    upload.seek(0)
    try:
        image = Image.open(upload, formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (OSError, SyntaxError, ValueError):
        # UnidentifiedImageError (an OSError): no decoder took it, whatever its name says.
        upload.seek(0)
        raise (_unreadable() if _looks_like_a_photo(upload.read(16)) else _not_a_photo()) from None
    with image:
        width, height = image.size
        if width * height > max_pixels:
            raise _too_many_pixels()
        try:
            image.load()  # a truncated file fails here (LOAD_TRUNCATED_IMAGES stays off)
            upright = ImageOps.exif_transpose(image)
            clean = _flatten(upright)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
            raise _unreadable() from None
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, icc_profile= or xmp= arguments, and a fresh image: nothing but the pixels.
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def validate_image_upload(upload) -> None:
    """``clean_image`` as a form-field validator (``validators=[validate_image_upload]``).

    It only checks; a form that stores the photo should store ``clean_image``'s result, never
    the upload itself.
    """
    clean_image(upload)
    upload.seek(0)


def private_photo_response(image: FieldFile) -> FileResponse:
    """Serve a cleaned photo (``clean_image`` stored it as JPEG) to a visitor the caller has
    already allowed: 404 when the file is gone, and never kept in a shared cache, as the next
    visitor of a proxy may not be allowed to see it."""
    try:
        handle = image.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
