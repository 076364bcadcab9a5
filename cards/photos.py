"""The card photo pipeline: check an upload, normalise it once, crop it to the card.

Pure functions over bytes, no database, storage or request. ``normalize_upload`` runs when a
photo arrives and its JPEG is what gets stored, never the upload itself. ``crop_card_photo``
runs when the employee confirms a crop and makes the 600 x 800 photo printed on the card.

Hostile uploads are stopped in order of cost: bytes are counted before anything is parsed,
width x height is read from the header and held against the limit for that kind of file
(``cards.photo_limits``) before any pixel is decoded, and only then is the image decoded for
real, one upload per process at a time, so a broken file fails here rather than later in a
render and a worker never holds more than one decode's worth of pixels. Animated images
(WebP, APNG, HEIF sequences, MPO) are accepted and their first frame is used: a moving picture
cannot be a pas foto, but rejecting it would only puzzle the employee.
"""

import contextlib
import io
import math
import struct
import threading
import zlib
from dataclasses import dataclass, field
from typing import IO

import numpy as np
import pillow_heif
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, PngImagePlugin, UnidentifiedImageError

from cards import faces, photo_checks, photo_limits, photo_pixels

# Only the primary HEIF image is ever used; not listing thumbnails and depth maps is less
# work and less parsing of untrusted data.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MIN_WIDTH, MIN_HEIGHT = 300, 400
MAX_LONG_SIDE = 1600
CARD_PHOTO_SIZE = (600, 800)
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}
JPEG_QUALITY = 88
# A crop drawn in the browser on a scaled preview is off by a pixel or two; the final resize to
# exactly 3:4 absorbs that without a visible stretch.
ASPECT_TOLERANCE = 0.02

CARD_ASPECT = CARD_PHOTO_SIZE[0] / CARD_PHOTO_SIZE[1]
# Share of the spare height cut above the default crop (0.5 would centre it): faces sit in
# the upper part of a portrait photo.
DEFAULT_CROP_TOP_SHARE = 1 / 3
# The frame around a detected face: the cascade's box (brows to chin) at this share of the
# frame's height leaves room for the hair and the shoulders, with the eyes this far down.

# What a decoder raises on data it cannot make sense of, besides Pillow's own errors.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, RuntimeError, struct.error, zlib.error)

_MESSAGES = {
    "too_large": _("Ukuran file foto terlalu besar. Unggah foto paling besar {mb} MB."),
    "not_image": _(
        "File ini bukan foto yang dapat dibaca. Unggah foto berformat JPEG, PNG, WebP, atau HEIC."
    ),
    "truncated": _("File foto rusak atau tidak lengkap. Silakan unggah ulang foto Anda."),
    "too_many_pixels": _(
        "Resolusi foto terlalu besar. Untuk foto {kind}, unggah foto dengan resolusi paling "
        "besar {megapixels} megapiksel."
    ),
    "too_small": _(
        "Resolusi foto terlalu kecil. Unggah foto berukuran minimal {width} × {height} piksel "
        "(lebar × tinggi)."
    ),
    "bad_crop": _(
        "Area potongan foto tidak sesuai. Pilih area berbanding 3:4 di dalam foto, minimal "
        "{width} × {height} piksel."
    ),
    "no_face": _(
        "Tidak ada wajah yang terdeteksi pada foto ini. Unggah pas foto dengan wajah menghadap "
        "kamera dan terlihat jelas. Foto kartu Anda tidak berubah."
    ),
    "many_faces": _(
        "Ada lebih dari satu wajah pada foto ini. Unggah pas foto yang hanya berisi wajah Anda. "
        "Foto kartu Anda tidak berubah."
    ),
    "busy": _(
        "Server sedang memproses foto lain. Tunggu beberapa detik, lalu unggah foto Anda lagi."
    ),
}


class PhotoError(Exception):
    """A photo the pipeline refuses: ``code`` is stable, ``message`` is for the employee."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        # The limits are read now, so a tuned constant shows in the message.
        values = {
            "mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            "kind": "JPEG",
            "megapixels": photo_limits.megapixels(photo_limits.MAX_PIXELS),
            "width": MIN_WIDTH,
            "height": MIN_HEIGHT,
        }
        self.message = format_lazy(_MESSAGES[code], **(values | params))


@dataclass(frozen=True)
class NormalizedPhoto:
    jpeg: bytes
    width: int
    height: int
    checks: dict = field(default_factory=dict)  # photo_checks.measure


@dataclass(frozen=True)
class CropBox:
    """A 3:4 area of the upright photo, each value a fraction (0..1) of its width or height."""

    left: float
    top: float
    width: float
    height: float

    def to_pixels(self, image_width: int, image_height: int) -> tuple[float, float, float, float]:
        """The (left, top, right, bottom) pixel box in an image of this size, or ``bad_crop``."""
        try:
            left, top, width, height = (
                float(v) for v in (self.left, self.top, self.width, self.height)
            )
        except (TypeError, ValueError):
            raise PhotoError("bad_crop") from None
        if not all(math.isfinite(v) for v in (left, top, width, height)):
            raise PhotoError("bad_crop")
        slack = 1e-6  # float noise from the browser, not a real overhang
        if width <= 0 or height <= 0 or left < -slack or top < -slack:
            raise PhotoError("bad_crop")
        if left + width > 1 + slack or top + height > 1 + slack:
            raise PhotoError("bad_crop")
        box_width, box_height = width * image_width, height * image_height
        if abs(box_width / box_height / CARD_ASPECT - 1) > ASPECT_TOLERANCE:
            raise PhotoError("bad_crop")
        # Half a pixel of rounding is fine; anything less would be upscaled more than 2x.
        if box_width + 0.5 < MIN_WIDTH or box_height + 0.5 < MIN_HEIGHT:
            raise PhotoError("bad_crop")
        return (
            max(0.0, left * image_width),
            max(0.0, top * image_height),
            min(float(image_width), (left + width) * image_width),
            min(float(image_height), (top + height) * image_height),
        )


def default_crop(width: int, height: int) -> CropBox:
    """The largest 3:4 box, centred horizontally and a little above the middle vertically."""
    if width <= 0 or height <= 0:
        raise ValueError("an image has a positive width and height")
    box_width = min(width, height * CARD_ASPECT)
    box_height = box_width / CARD_ASPECT
    left = (width - box_width) / 2
    top = (height - box_height) * DEFAULT_CROP_TOP_SHARE
    return CropBox(left / width, top / height, box_width / width, box_height / height)


def normalize_upload(upload: bytes | IO[bytes]) -> NormalizedPhoto:
    """Check an uploaded photo and return it upright, sRGB, at most 1600 px, as a bare JPEG.

    Its ``checks`` are what the photo assistant measured on it (faces, light, background).
    """
    image, checks = _upright_and_measured(upload, refuse=False)
    return NormalizedPhoto(_source_jpeg(image), image.width, image.height, checks)


@dataclass(frozen=True)
class Candidate:
    """An upload made ready to be the candidate: its photo, the crop around the face, and the
    600 x 800 card photo of that crop."""

    photo: NormalizedPhoto
    crop: CropBox
    card_jpeg: bytes


def prepare_candidate(upload: bytes | IO[bytes]) -> Candidate:
    """All that an upload costs, in one go: ``normalize_upload``, then ``crop_card_photo`` of a
    pas foto frame around the face, made from the pixels still in memory.

    A photo without exactly one face is refused (``no_face``, ``many_faces``) as soon as its
    faces are counted, before any of the rest is done.
    """
    from cards.cropping import face_crop  # the frame's geometry builds on this module

    image, checks = _upright_and_measured(upload, refuse=True)
    width, height = image.size
    box = face_crop(width, height, checks["face"])
    card = _card_photo(image, box.to_pixels(width, height))
    return Candidate(NormalizedPhoto(_source_jpeg(image), width, height, checks), box, card)


def _source_jpeg(image: Image.Image) -> bytes:
    # Neither progressive (a quarter of the time budget) nor with optimised Huffman tables
    # (2 % smaller for twice the encoding time): a file only we ever read.
    return photo_pixels.bare_jpeg(image, quality=JPEG_QUALITY)


def _upright_and_measured(upload, *, refuse: bool) -> tuple[Image.Image, dict]:
    """The upload decoded, upright, sRGB and shrunk to at most 1600 px, and its checks.

    A JPEG (nearly every phone photo) is decoded at a reduced scale that still covers the
    target; its faces are looked for right then, in a grey copy of those pixels, so a photo
    that ``refuse`` turns away costs no shrinking. Other kinds are shrunk band by band first
    (their decoded pixels can be many), and looked at after.
    """
    data = _read_upload(upload)
    image = _open(data, ALLOWED_FORMATS)
    target = _fit(image.size, MAX_LONG_SIDE)
    _check_pixels(image, data, target)
    try:
        with photo_limits.decode_slot():
            _decode(image, target)
            orientation = photo_pixels.exif_orientation(image)
            upright_size = target[::-1] if orientation in _SIDEWAYS else target
            if upright_size[0] < MIN_WIDTH or upright_size[1] < MIN_HEIGHT:
                raise PhotoError("too_small")
            found = None
            if image.format in ("JPEG", "MPO") and image.mode in ("RGB", "L"):
                grey = photo_pixels.upright(image.convert("L"), orientation)
                found = faces.find_faces(np.asarray(grey))
                del grey
                if refuse:
                    _refuse_unless_one(len(found))
            image = _shrunk_upright(image, target, orientation)
            # In the slot, on the shrunk photo: one process holds one such measurement at a time.
            checks = photo_checks.measure(image, found)
    except photo_limits.Busy:
        raise PhotoError("busy") from None
    if refuse:
        _refuse_unless_one(checks["faces"])
    return image, checks


_SIDEWAYS = (5, 6, 7, 8)  # EXIF orientations that swap width and height


def _refuse_unless_one(faces_found: int) -> None:
    if faces_found != 1:
        raise PhotoError("no_face" if not faces_found else "many_faces")


def _shrunk_upright(image: Image.Image, target: tuple[int, int], orientation: int) -> Image.Image:
    """Shrink to ``target``, upright and sRGB: the step that needs the memory."""
    icc_profile = image.info.get("icc_profile")
    if image.format in ("JPEG", "MPO") and image.mode in ("RGB", "L"):
        # Already reduced by libjpeg to less than twice the target: shrunk whole, which is what
        # the bands add up to (``photo_pixels.shrink_onto_white``) for a fifth less time.
        if image.size != target:
            image = image.resize(target, Image.Resampling.BICUBIC, reducing_gap=2.0)
    else:
        image = photo_pixels.shrink_onto_white(image, target)  # the full-size pixels go with it
    image = photo_pixels.to_srgb(image, icc_profile)
    return photo_pixels.upright(image, orientation)


def crop_card_photo(source_jpeg: bytes, box: CropBox | None) -> bytes:
    """Cut ``box`` (default: ``default_crop``) from a normalised photo, as the 600 x 800 JPEG."""
    image = _open(source_jpeg, {"JPEG"})
    _check_pixels(image, source_jpeg, image.size)
    width, height = image.size
    left, top, right, bottom = (box or default_crop(width, height)).to_pixels(width, height)
    # Decode no larger than needed for the box to still give 600 x 800 pixels.
    shrink = _decode(
        image,
        (
            math.ceil(width * CARD_PHOTO_SIZE[0] / (right - left)),
            math.ceil(height * CARD_PHOTO_SIZE[1] / (bottom - top)),
        ),
    )
    return _card_photo(image, (left / shrink, top / shrink, right / shrink, bottom / shrink))


def _card_photo(image: Image.Image, box: tuple[float, float, float, float]) -> bytes:
    """The pixel ``box`` of ``image`` as the 600 x 800 card photo JPEG."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    photo = image.resize(CARD_PHOTO_SIZE, Image.Resampling.LANCZOS, box=box)
    # 4:4:4 keeps the edge between a red or blue background and the face clean.
    return photo_pixels.bare_jpeg(photo, quality=90, subsampling="4:4:4", optimize=True)


def _read_upload(upload: bytes | IO[bytes]) -> bytes:
    if isinstance(upload, bytes | bytearray | memoryview):
        data = bytes(upload)
    else:
        declared_size = getattr(upload, "size", None)  # Django's UploadedFile knows it
        if isinstance(declared_size, int) and declared_size > MAX_UPLOAD_BYTES:
            raise PhotoError("too_large")
        if getattr(upload, "seekable", lambda: False)():
            upload.seek(0)
        data = upload.read(MAX_UPLOAD_BYTES + 1)  # never more than one byte over the limit
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoError("too_large")
    return data


def _open(data: bytes, formats: set[str]) -> Image.Image:
    """Identify the image from its content; no pixel is decoded yet."""
    try:
        with _strict_pillow():
            image = Image.open(io.BytesIO(data), formats=sorted(formats))
    except UnidentifiedImageError:
        raise PhotoError("not_image") from None
    except DECODE_ERRORS:
        raise PhotoError("truncated") from None
    # A phone JPEG carrying a second picture (MPO) is still a JPEG; its first frame is the photo.
    if (image.format == "MPO" and "JPEG" in formats) or image.format in formats:
        return image
    raise PhotoError("not_image")


def _check_pixels(image: Image.Image, data: bytes, target: tuple[int, int]) -> None:
    kind, limit = photo_limits.pixel_limit(image, data, target)
    if image.width * image.height > limit:
        raise PhotoError("too_many_pixels", kind=kind, megapixels=photo_limits.megapixels(limit))


def _decode(image: Image.Image, target: tuple[int, int]) -> float:
    """Decode every pixel, so a broken or cut-off file is refused now rather than later.

    A JPEG is decoded at 1/2, 1/4 or 1/8 scale (by libjpeg, nearly free) when that still
    gives at least ``target``; returns that factor.
    """
    shrink = 1.0
    if image.format in ("JPEG", "MPO"):
        original_width = image.width
        drafted = image.draft("RGB", target)
        if drafted:
            shrink = original_width / drafted[1][2]
    try:
        with _strict_pillow():
            image.load()
    except DECODE_ERRORS:
        raise PhotoError("truncated") from None
    return shrink


_truncation_lock = threading.Lock()


@contextlib.contextmanager
def _strict_pillow():
    """Pillow's switches as an upload needs them, whatever the process-wide values are now.

    WeasyPrint turns ``ImageFile.LOAD_TRUNCATED_IMAGES`` on for the whole process when it is
    imported, which would let a cut-off upload through with a grey bottom: off. PNG text
    chunks may decompress to 64 MB before the first pixel: 1 MB is plenty for a photo. Pillow's
    one-size decompression-bomb limit gives way to ours per kind of file, checked right after
    the header is read. The lock stops two uploads in threads from restoring each other's
    values; a render running meanwhile only reads our own complete files.
    """
    with _truncation_lock:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES, PngImagePlugin.MAX_TEXT_MEMORY
        saved_pixels = Image.MAX_IMAGE_PIXELS
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        PngImagePlugin.MAX_TEXT_MEMORY = PngImagePlugin.MAX_TEXT_CHUNK
        Image.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES, PngImagePlugin.MAX_TEXT_MEMORY = saved
            Image.MAX_IMAGE_PIXELS = saved_pixels


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, long_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))
