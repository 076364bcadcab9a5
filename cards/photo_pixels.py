"""Pixel mechanics of the photo pipeline: modes, transparency, colour, orientation, JPEG.

Nothing here decides whether a photo is acceptable (``cards.photos`` does). These functions
only turn decoded pixels into plain, upright sRGB and write them out with no metadata.
"""

import io

from PIL import ExifTags, Image, ImageCms

# EXIF orientation -> the transpose that shows the stored pixels upright (EXIF 2.3, 4.6.4).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SIXTEEN_BIT_GREY = ("I", "I;16", "I;16L", "I;16B", "I;16N")
_RESIZABLE = ("L", "LA", "RGB", "RGBA", "CMYK")
_SRGB = ImageCms.createProfile("sRGB")


def exif_orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(ExifTags.Base.Orientation, 1))
    except Exception:
        # Unreadable EXIF is no reason to refuse a photo: all of it is dropped anyway.
        return 1


def upright(image: Image.Image, orientation: int) -> Image.Image:
    method = _UPRIGHT.get(orientation)
    return image.transpose(method) if method is not None else image


def resizable(image: Image.Image) -> Image.Image:
    """8-bit L, LA, RGB, RGBA or CMYK: modes Pillow resizes smoothly (not palette or 1-bit)."""
    if image.mode in _SIXTEEN_BIT_GREY:
        # Scale to 8 bits: a plain convert would clip everything above 255 to white.
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in _RESIZABLE and "transparency" not in image.info:
        return image
    return image.convert("RGBA")


def on_white(image: Image.Image) -> Image.Image:
    """Transparent areas become white, the way a pas foto would be printed."""
    if "A" not in image.mode:
        return image
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


def to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """RGB pixels meant as sRGB, so colours survive dropping the profile (e.g. iPhone P3)."""
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile, or one for other pixels: keep the numbers as they are
    return image.convert("RGB")


def bare_jpeg(image: Image.Image, **options) -> bytes:
    """The pixels as a JPEG without EXIF, GPS, XMP, ICC profile or comment."""
    out = io.BytesIO()
    # Said out loud: Pillow carries some of image.info (the comment) over by default.
    image.save(out, "JPEG", exif=b"", xmp=b"", icc_profile=None, comment=b"", **options)
    return out.getvalue()
