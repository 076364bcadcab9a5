"""Pixel mechanics of the photo pipeline: modes, transparency, colour, orientation, JPEG.

Nothing here decides whether a photo is acceptable (``cards.photos`` does). These functions
only turn decoded pixels into plain, upright sRGB and write them out with no metadata.
"""

import io
import math

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
# Rows of the shrunk picture made from one band of the decoded one: a band of a 50-megapixel
# photo then costs a few megabytes.
BAND_ROWS = 32


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
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    white = Image.new("RGB", rgba.size, (255, 255, 255))
    white.paste(rgba, mask=rgba)  # blended by alpha in place: no more copies
    return white


def shrink_onto_white(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The decoded image at ``size``, transparency on white, made a band of rows at a time.

    Changing the mode of a 50-megapixel picture, or resizing it with an alpha channel
    (Pillow premultiplies into a copy), would cost as much memory again as its decoding did;
    a band costs a few megabytes. The result is that of shrinking the whole image at once, to a
    level of rounding (box-averaging by whole factors, then bicubic, as ``resize(reducing_gap=2)``
    does): each band starts on a multiple of the factor and carries the rows the filter reaches.
    """
    width, height = image.size
    scale = height / size[1]
    factor = (int(width / size[0] / 2) or 1, int(scale / 2) or 1)
    margin = math.ceil(2 * max(scale, 1.0)) + 2  # bicubic reaches 2 output pixels away
    shrunk = None
    for top in range(0, size[1], BAND_ROWS):
        bottom = min(size[1], top + BAND_ROWS)
        first, last = top * scale, bottom * scale
        cut_top = (max(0, math.floor(first) - margin) // factor[1]) * factor[1]
        cut_bottom = min(height, math.ceil((math.ceil(last) + margin) / factor[1]) * factor[1])
        band = on_white(resizable(image.crop((0, cut_top, width, cut_bottom))))
        if factor != (1, 1):
            band = band.reduce(factor)
        box = (0, (first - cut_top) / factor[1], width / factor[0], (last - cut_top) / factor[1])
        band = band.resize((size[0], bottom - top), Image.Resampling.BICUBIC, box)
        shrunk = shrunk or Image.new(band.mode, size)
        shrunk.paste(band, (0, top))
    return shrunk


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
