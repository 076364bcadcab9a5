"""Peak memory of a worker handling the worst uploads an attacker can make (DESIGN.md 6, 8).

Each photo goes through ``normalize_upload`` in a fresh process set up like a worker, and the
figure is how far that process's peak resident memory (VmHWM) rose. Not ru_maxrss: a child
process starts with its parent's peak. The worst cases are the files just inside each kind's
limit (the most pixels decoded for real) and the attacks that must be refused from the header.

Run by `make bench`; `python -m bench.photo_memory FILE` measures one file.
"""

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def hostile_uploads():
    """(name, file bytes) of the worst uploads, made here with Pillow."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()

    def encode(image, fmt, **options):
        out = io.BytesIO()
        image.save(out, fmt, **options)
        return out.getvalue()

    yield "7,070² RGBA PNG (the reported attack)", encode(Image.new("RGBA", (7070, 7070)), "PNG")
    yield "5,000² RGBA PNG", encode(Image.new("RGBA", (5000, 5000), (9, 8, 7, 6)), "PNG")
    yield "7,070² 1-bit PNG", encode(Image.new("1", (7070, 7070), 1), "PNG")
    yield "7,000² JPEG", encode(Image.new("RGB", (7000, 7000), (9, 8, 7)), "JPEG")
    yield (
        "3,150² progressive 4:4:4 JPEG",
        encode(Image.new("RGB", (3150, 3150), (9, 8, 7)), "JPEG", progressive=True, subsampling=0),
    )
    yield (
        "3,200² progressive CMYK JPEG",
        encode(Image.new("CMYK", (3200, 3200), (9, 8, 7, 6)), "JPEG", progressive=True),
    )
    yield "2,500² RGBA WebP", encode(Image.new("RGBA", (2500, 2500), (9, 8, 7, 6)), "WEBP")
    yield "3,790² HEIC", encode(Image.new("RGB", (3790, 3790), (9, 8, 7)), "HEIF")
    webp = bytearray(encode(Image.new("RGB", (64, 64)), "WEBP"))
    webp[26:30] = (16383).to_bytes(2, "little") * 2  # the VP8 header claims 16,383²
    yield "WebP claiming 16,383²", bytes(webp)


def worst_hostile_upload() -> tuple[str, str, int, int]:
    """(name, outcome, MB grown, MB of the worker before) of the costliest upload."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for name, data in hostile_uploads():
            path = Path(folder) / "upload"
            path.write_bytes(data)
            out = subprocess.run(
                [sys.executable, "-m", "bench.photo_memory", str(path)],
                cwd=ROOT, capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            results.append((name, out[0], int(out[1]), int(out[2])))
    return max(results, key=lambda result: result[2])


def _peak_kib() -> int:
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])


def _measure(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from PIL import Image

    from cards import photos

    warm_up = io.BytesIO()
    Image.new("RGB", (600, 800)).save(warm_up, "JPEG")
    photos.normalize_upload(warm_up.getvalue())  # codecs and colour profiles loaded
    before = _peak_kib()
    try:
        photos.normalize_upload(Path(path).read_bytes())
        outcome = "accepted"
    except photos.PhotoError as error:
        outcome = error.code
    print(outcome, (_peak_kib() - before) // 1024, before // 1024)


if __name__ == "__main__":
    _measure(sys.argv[1])
