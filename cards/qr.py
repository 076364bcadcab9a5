"""The verification QR code as a tiny PNG, one pixel per module.

The card CSS scales it up with ``image-rendering: pixelated``, so modules stay sharp in the
PDF, the PNG and the browser. (An SVG path of a few hundred squares looks the same but costs
WeasyPrint about ten times more to parse and draw.)
"""

import base64
import functools
import io

import qrcode
import qrcode.constants
from PIL import Image

QUIET_ZONE_MODULES = 4


@functools.lru_cache(maxsize=512)
def qr_png(data: str) -> bytes:
    """PNG of the QR code (error correction M) including its 4-module quiet zone."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE_MODULES
    )
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = Image.new("L", (size, size))
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def qr_data_uri(data: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")
