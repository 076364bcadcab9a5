"""The verification QR code as inline SVG: vector, so it stays sharp at any print size."""

import qrcode
import qrcode.constants

QUIET_ZONE_MODULES = 4


def qr_svg(data: str, *, css_class: str = "kartu__qr-svg") -> str:
    """An <svg> of the QR code (error correction M) with its 4-module quiet zone.

    The SVG has no width or height of its own: the card CSS gives it its size in mm, so the
    module size is ``box size / (modules + 8)``.
    """
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE_MODULES
    )
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    return (
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="Kode QR verifikasi">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#0A1A2F" d="{_dark_runs_path(matrix)}"/></svg>'
    )


def _dark_runs_path(matrix: list[list[bool]]) -> str:
    # One rectangle per horizontal run of dark modules keeps the path short (and fast to
    # draw) without seams between neighbouring modules.
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
    return "".join(parts)
