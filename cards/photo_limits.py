"""How much memory decoding an upload may take, judged from its header before any pixel.

A 200 KB PNG can hold 50 megapixels of one colour, and Pillow keeps every decoded pixel of a
PNG, WebP or HEIF in memory at once. A JPEG is different: libjpeg shrinks it while decoding
(``Image.draft``) a few rows at a time, so only the reduced picture is ever held, unless the
file has several scans (progressive), which makes libjpeg keep every coefficient first.

So each upload gets an estimate of the bytes its decode holds, per pixel of the original,
from what the header says (format, mode, JPEG scans and chroma sampling), and the largest
pixel count that fits ``DECODE_BUDGET`` is its limit. The limits that result, in megapixels:
JPEG 50 (the cap, for the time decoding takes), progressive JPEG 25 (colour at 4:2:0) down to
10 (4:4:4), colour PNG 25, palette or grey PNG 50, HEIC 14 (a 12-megapixel iPhone photo fits,
its 24- and 48-megapixel modes do not), WebP 6. The worst of them makes a worker grow by about
120 MB while it decodes (``make bench`` measures it).

Only one upload per process is decoded at a time (``decode_slot``), so a worker holds at
most one budget's worth however many threads it serves.
"""

import contextlib
import math
import threading

from django.utils.translation import gettext_lazy as _
from PIL import Image

DECODE_BUDGET = 96 * 1024 * 1024
MAX_PIXELS = 50_000_000
# A second upload in the same process waits this long for the first to finish decoding,
# which takes well under a second within the budget, before it is told to try again.
DECODE_WAIT_SECONDS = 10

# Bytes per pixel of Pillow's decoded image by mode: several bands take 4 bytes a pixel.
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
# What libwebp and Pillow hold at once: libwebp's two RGBA canvases, the frame handed to
# Pillow as bytes, and Pillow's image (measured: 16 bytes a pixel).
_WEBP_BYTES = 16
# libjpeg: 2 bytes per coefficient, one coefficient per sample of each component.
_COEFFICIENT_BYTES = 2
# SOF markers of a JPEG libjpeg decodes in one sequential pass (baseline, extended,
# arithmetic); every other SOF means progressive, lossless or hierarchical.
_SEQUENTIAL_FRAMES = (0xC0, 0xC1, 0xC9)
_NOT_FRAMES = (0xC4, 0xC8, 0xCC)  # DHT, JPG, DAC share the SOF range


def pixel_limit(image: Image.Image, data: bytes, target: tuple[int, int]) -> tuple:
    """(a name of the kind of file for messages, the most pixels such a file may have).

    ``target`` is the size the pipeline shrinks to, which decides how far a JPEG is drafted.
    """
    kind, bytes_per_pixel = _decode_cost(image, data, target)
    if not bytes_per_pixel:
        return kind, MAX_PIXELS
    return kind, min(MAX_PIXELS, int(DECODE_BUDGET / bytes_per_pixel))


class Busy(Exception):
    """Another upload kept this process's decoding slot longer than DECODE_WAIT_SECONDS."""


@contextlib.contextmanager
def decode_slot():
    """Hold the process's one decoding slot, waiting up to DECODE_WAIT_SECONDS for it."""
    if not _slot.acquire(timeout=DECODE_WAIT_SECONDS):
        raise Busy
    try:
        yield
    finally:
        _slot.release()


_slot = threading.Lock()


def _decode_cost(image: Image.Image, data: bytes, target: tuple[int, int]) -> tuple:
    decoded = _MODE_BYTES.get(image.mode, 4)
    if image.format in ("JPEG", "MPO"):
        # Drafted as Pillow does: by 1/2, 1/4 or 1/8 while the picture still covers the target.
        ratio = min(size // wanted for size, wanted in zip(image.size, target, strict=True))
        scale = next((s for s in (8, 4, 2, 1) if ratio >= s), 1)
        if _single_scan(data):
            return "JPEG", 0  # rows stream through; the drafted picture is at most 2x target
        return _("JPEG progresif"), _coefficients_per_pixel(image) + decoded / scale**2
    if image.format == "WEBP":
        return "WebP", _WEBP_BYTES
    if image.format == "HEIF":
        # libheif's decoded RGB(A), 1 or 2 bytes a sample, beside Pillow's copy of it.
        sample = 2 if image.info.get("bit_depth", 8) > 8 else 1
        return "HEIC", sample * len(image.getbands()) + decoded
    return image.format or "", decoded


def _coefficients_per_pixel(image: Image.Image) -> float:
    """Bytes of libjpeg's whole-image coefficient buffer per pixel, from the chroma sampling."""
    layers = getattr(image, "layer", None) or [("", 1, 1, 0)] * len(image.getbands())
    h_max = max(h for _, h, _, _ in layers) or 1
    v_max = max(v for _, _, v, _ in layers) or 1
    samples = sum(h * v for _, h, v, _ in layers) / (h_max * v_max)
    return _COEFFICIENT_BYTES * samples


def _single_scan(data: bytes) -> bool:
    """Whether the JPEG is sequential with every component in its first scan.

    That is when libjpeg streams; a progressive JPEG, or one with a scan per component,
    needs the coefficients of the whole image first. Unreadable structure counts as not.
    """
    at, components = 2, None
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xDA:  # start of the first scan: how many components does it carry?
            return components is not None and data[at + 4] == components
        if marker in _SEQUENTIAL_FRAMES and at + 9 < len(data):
            components = data[at + 9]
        elif 0xC0 <= marker <= 0xCF and marker not in _NOT_FRAMES:
            return False
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return False


def megapixels(pixels: int) -> int:
    """A pixel limit as the whole megapixels a person may rely on."""
    return max(1, math.floor(pixels / 1_000_000))
