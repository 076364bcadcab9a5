"""Test images made with Pillow at test time, including hostile ones written byte by byte."""

import io
import math
import struct
import zlib

from PIL import Image, ImageCms, ImageDraw

RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo(width: int = 600, height: int = 800, mode: str = "RGB") -> Image.Image:
    """Something photo-like: gradients and a little grain, so encoders have real work."""
    grey = Image.linear_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 20).convert("L")
    image = Image.merge("RGB", (grey, grain, grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    return image.convert(mode)


def quadrants(width: int = 600, height: int = 800) -> Image.Image:
    """Upright: red top-left, green top-right, blue bottom-left, yellow bottom-right."""
    image = Image.new("RGB", (width, height), RED)
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 2, 0, width, height // 2), fill=GREEN)
    draw.rectangle((0, height // 2, width // 2, height), fill=BLUE)
    draw.rectangle((width // 2, height // 2, width, height), fill=YELLOW)
    return image


def quadrant_colours(image: Image.Image) -> tuple:
    """The colours at the centres of the four quadrants, in reading order."""
    width, height = image.size
    points = [(width // 4, height // 4), (3 * width // 4, height // 4)]
    points += [(width // 4, 3 * height // 4), (3 * width // 4, 3 * height // 4)]
    return tuple(nearest_primary(image.convert("RGB").getpixel(point)) for point in points)


def nearest_primary(pixel) -> tuple:
    """Snap a JPEG-blurred colour to the test colour it is closest to."""
    candidates = (RED, GREEN, BLUE, YELLOW, (255, 255, 255), (0, 0, 0))
    return min(candidates, key=lambda c: sum((a - b) ** 2 for a, b in zip(c, pixel, strict=True)))


# How a camera stores an upright scene for each EXIF orientation (EXIF 2.3, 4.6.4): the
# inverse of what a viewer does to show it. Written out here rather than taken from the code
# under test.
STORED_FROM_UPRIGHT = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def as_camera_stores(upright: Image.Image, orientation: int) -> Image.Image:
    method = STORED_FROM_UPRIGHT[orientation]
    return upright.transpose(method) if method is not None else upright.copy()


def exif(orientation: int = 1, gps: bool = False) -> bytes:
    data = Image.Exif()
    data[0x0112] = orientation
    data[0x010F] = "Apple"  # Make
    data[0x0110] = "iPhone 15"  # Model
    if gps:
        # Jakarta, Monas: the kind of detail that must never reach a card.
        ifd = data.get_ifd(0x8825)
        ifd[1], ifd[2] = "S", (6.0, 10.0, 31.0)
        ifd[3], ifd[4] = "E", (106.0, 49.0, 37.0)
    # As bytes: pillow_heif turns only EXIF given as bytes into the HEIF rotation it stores.
    return data.tobytes()


def swapped_primaries_profile() -> bytes:
    """An RGB ICC profile like sRGB but with red and green swapped.

    A pixel stored as (255, 0, 0) under this profile is really green: converting to sRGB must
    turn it green, keeping the numbers would leave it red.
    """
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", profile[128:132])
    entries = {}
    for index in range(count):
        at = 132 + 12 * index
        entries[bytes(profile[at : at + 4])] = at
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    red_pointer = profile[red + 4 : red + 12]
    profile[red + 4 : red + 12] = profile[green + 4 : green + 12]
    profile[green + 4 : green + 12] = red_pointer
    profile[84:100] = bytes(16)  # the profile ID (an MD5) no longer matches: clear it
    return bytes(profile)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# PNG colour types: (bit depth, colour type, bytes per pixel as stored in the file).
_PNG_MODES = {"1": (1, 0, 1 / 8), "RGB": (8, 2, 3), "RGBA": (8, 6, 4)}


def png_bomb(width: int, height: int, decodable: bool = True, mode: str = "1") -> bytes:
    """A one-colour PNG of `mode` ("1", "RGB", "RGBA"): kilobytes that decode to megabytes.

    Written row by row, so making a 7,070 x 7,070 RGBA one costs no 200 MB here. When not
    decodable, the pixel data is junk, so only a check that reads the size from the header
    before decoding can say "too big" rather than "broken".
    """
    depth, colour_type, pixel_bytes = _PNG_MODES[mode]
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    row = b"\0" * (1 + math.ceil(width * pixel_bytes))  # filter byte + pixels
    if decodable:
        compressor = zlib.compressobj(9)
        pixels = b"".join(compressor.compress(row * 1000) for _ in range(height // 1000))
        pixels += compressor.compress(row * (height % 1000)) + compressor.flush()
    else:
        pixels = b"\xde\xad\xbe\xef" * 4
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", pixels),
            _png_chunk(b"IEND", b""),
        ]
    )


def jpeg_claiming_size(width: int, height: int, **options) -> bytes:
    """A small real JPEG whose frame header claims another size (a "JPEG bomb" header)."""
    data = bytearray(encode(photo(64, 64), "JPEG", **options))
    at = 2
    while data[at + 1] not in (0xC0, 0xC2):  # walk the segments to the frame header
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_claiming_size(width: int, height: int) -> bytes:
    """A small lossy WebP whose VP8 frame header claims another size (at most 16,383)."""
    data = bytearray(encode(photo(64, 64), "WEBP", quality=50))
    assert data[12:16] == b"VP8 " and data[23:26] == b"\x9d\x01\x2a"
    data[26:30] = struct.pack("<HH", width, height)
    return bytes(data)


def heif_claiming_size(width: int, height: int) -> bytes:
    """A small HEIF whose image size property (ispe) claims another size."""
    data = bytearray(encode(photo(64, 64), "HEIF"))
    at = data.index(b"ispe")
    data[at + 8 : at + 16] = struct.pack(">II", width, height)
    return bytes(data)


def jpeg_segments(data: bytes) -> list[str]:
    """Names of every marker segment in a JPEG, e.g. ["SOI", "APP0", "DQT", ..., "EOI"]."""
    names = {0xD8: "SOI", 0xD9: "EOI", 0xDA: "SOS", 0xDB: "DQT", 0xC4: "DHT", 0xDD: "DRI"}
    names |= {0xC0 + n: f"SOF{n}" for n in (0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15)}
    names |= {0xE0 + n: f"APP{n}" for n in range(16)} | {0xFE: "COM"}
    segments, at = [], 0
    while at < len(data) - 1:
        assert data[at] == 0xFF, f"no marker at byte {at}"
        marker = data[at + 1]
        segments.append(names.get(marker, hex(marker)))
        if marker in (0xD8, 0xD9):
            at += 2
            continue
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker == 0xDA:  # skip entropy-coded data up to the next real marker
            while not (data[at] == 0xFF and data[at + 1] not in (0x00, *range(0xD0, 0xD8))):
                at += 1
    return segments
