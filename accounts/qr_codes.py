"""QR codes as images: one matrix, written as SVG (the login page) or PNG (the card).

Every code has the standard 4-module quiet zone; error correction is M unless the caller
chooses (the card's signed QR is dense and uses the level its print test measured).
"""

import base64
import functools
import io

import qrcode
import qrcode.constants
from PIL import Image

QUIET_ZONE_MODULES = 4
PIXELS_PER_MODULE = 8


LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def qr_matrix(data: str, level: str = "M") -> list[list[bool]]:
    """Rows of modules, True for dark, quiet zone included.

    Digits and capitals go in the QR's numeric and alphanumeric modes (qrcode splits the
    text into segments), so a long run of digits costs 3⅓ bits a digit, not 8.
    """
    code = qrcode.QRCode(error_correction=LEVELS[level], border=QUIET_ZONE_MODULES)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(data: str, dark: str = "#0a1a2f", light: str = "#fff") -> str:
    """An SVG of one unit per module; the page sizes it."""
    matrix = qr_matrix(data)
    size = len(matrix)
    # One square per dark module in a single path; crispEdges keeps neighbours from
    # showing seams.
    path = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, on in enumerate(row) if on
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="{light}"/>'
        f'<path fill="{dark}" d="{path}"/></svg>'
    )


@functools.lru_cache(maxsize=512)  # a card's QR is drawn for every side and download
def qr_png(data: str, level: str = "M") -> bytes:
    """A greyscale PNG, a square of PIXELS_PER_MODULE pixels per module.

    The card CSS scales it up with ``image-rendering: pixelated``, so modules stay sharp in
    the PDF, the PNG and the browser. (An SVG path of a few hundred squares looks the same
    but costs WeasyPrint about ten times more to parse and draw.)
    """
    matrix = qr_matrix(data, level)
    size = len(matrix)
    image = Image.new("L", (size, size))
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    # Several pixels a module: a PDF rasteriser scaling down shares edge pixels between
    # modules (grey) instead of making some modules a whole pixel wider than others, which
    # a decoder misreads once modules are only 3 pixels wide (the dense signed card QR).
    image = image.resize((size * PIXELS_PER_MODULE,) * 2, Image.Resampling.NEAREST)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def qr_svg_data_uri(data: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(data).encode()).decode()


def qr_png_data_uri(data: str, level: str = "M") -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(data, level)).decode("ascii")
