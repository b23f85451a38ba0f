"""Images checked by their content and re-encoded: no metadata, a few widths."""

import io
import warnings

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's names of the formats the portal takes, and their type and extension.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# The widths served through srcset; an image is never enlarged.
WIDTHS = (480, 960, 1600)


class ImageRefused(ValueError):
    """An upload that is not an image the portal takes; the message says why."""


def _open(upload):
    upload.seek(0)
    # Above Image.MAX_IMAGE_PIXELS Pillow only warns: refuse it as it refuses
    # twice that (a decompression bomb).
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(upload)


def image_variants(upload):
    """Return (format, [(width, height, ContentFile)]) of a valid image upload.

    Raise ImageRefused when the content is not a JPEG, PNG or WebP image, is
    damaged, or has too many pixels. Every variant is encoded anew, so EXIF and
    other metadata never reach the server's files.
    """
    try:
        probe = _open(upload)
        if probe.format not in IMAGE_FORMATS:
            raise ImageRefused(_("This file is not a JPEG, PNG or WebP image."))
        probe.verify()
        image = _open(upload)
        image.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(_("This image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRefused(_("This file is not a JPEG, PNG or WebP image.")) from None
    kind = image.format
    # Turned as the camera meant, before the orientation tag is dropped.
    image = ImageOps.exif_transpose(image)
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    widths = [width for width in WIDTHS if width < image.width] or []
    widths.append(min(image.width, WIDTHS[-1]))
    variants = []
    for width in sorted(set(widths)):
        copy = image.copy()
        copy.thumbnail((width, 10 * width))
        out = io.BytesIO()
        options = {"JPEG": {"quality": 85}, "WEBP": {"quality": 80}}.get(kind, {})
        copy.save(out, kind, **options)
        variants.append((copy.width, copy.height, ContentFile(out.getvalue())))
    return kind, variants
