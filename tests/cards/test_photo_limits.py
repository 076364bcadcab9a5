"""What an upload may cost a worker: memory per kind of photo, and one decode at a time."""

import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from PIL import Image, ImageFile

from cards import photo_limits, photo_pixels
from cards.photos import PhotoError, normalize_upload
from tests.cards.images import (
    encode,
    heif_claiming_size,
    jpeg_claiming_size,
    png_bomb,
    webp_claiming_size,
)

# Runs in a fresh interpreter, so the figure is this upload's alone: how far the process's
# peak memory (VmHWM) rose while one photo went through the pipeline. Not ru_maxrss: a child
# process starts with its parent's peak, which would hide everything below it.
MEASURE = """
import sys
from django.conf import settings
settings.configure(USE_I18N=False)
from cards import photos

def peak_kib():
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])

photos.normalize_upload(open(sys.argv[2], "rb").read())  # warm up: codecs, colour profiles
data = open(sys.argv[1], "rb").read()
before = peak_kib()
try:
    photos.normalize_upload(data)
    outcome = "accepted"
except photos.PhotoError as error:
    outcome = error.code
print(outcome, (peak_kib() - before) // 1024)
"""
# Generous: the worst photo allowed costs about 120 MB; the 50-megapixel RGBA PNG this
# replaces cost 460 MB.
MEMORY_BOUND_MB = 200


def peak_growth_mb(upload: bytes, tmp_path) -> tuple[str, int]:
    """(outcome, MB the peak memory of a fresh process grew by while normalising ``upload``)."""
    if not os.path.exists("/proc/self/status"):
        pytest.skip("reads the peak memory from /proc (Linux)")
    path, warm_up = tmp_path / "upload", tmp_path / "warm-up.jpg"
    path.write_bytes(upload)
    warm_up.write_bytes(encode(Image.new("RGB", (600, 800)), "JPEG"))
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(warm_up)],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    outcome, grown = result.stdout.split()
    return outcome, int(grown)


@pytest.mark.parametrize(
    ("make_upload", "outcome"),
    [
        # The reported attack: 194 KB that decoded to 200 MB and took a worker to 400 MB.
        pytest.param(lambda: png_bomb(7070, 7070, mode="RGBA"), "too_many_pixels", id="rgba-png"),
        # The largest colour PNG allowed, and a 1-bit one of 50 MP: both decoded for real.
        pytest.param(lambda: png_bomb(5000, 5000, mode="RGBA"), "accepted", id="rgba-png-25-mp"),
        pytest.param(lambda: png_bomb(7070, 7070), "accepted", id="one-bit-png-50-mp"),
        # libjpeg shrinks a sequential JPEG while decoding: 49 MP cost a few megabytes.
        pytest.param(
            lambda: encode(Image.new("L", (7000, 7000), 128), "JPEG"), "accepted", id="jpeg-49-mp"
        ),
        pytest.param(
            lambda: jpeg_claiming_size(60000, 60000), "too_many_pixels", id="jpeg-3600-mp"
        ),
        # libwebp sets aside its canvas when the file is opened: only the header is read first.
        pytest.param(lambda: webp_claiming_size(16383, 16383), "too_many_pixels", id="webp-268-mp"),
        pytest.param(lambda: heif_claiming_size(8000, 8000), "too_many_pixels", id="heic-64-mp"),
    ],
)
def test_no_hostile_photo_makes_a_worker_grow_by_more_than_the_bound(
    make_upload, outcome, tmp_path
):
    refused_or_accepted, grown_mb = peak_growth_mb(make_upload(), tmp_path)

    assert refused_or_accepted == outcome
    assert grown_mb < MEMORY_BOUND_MB


def test_two_uploads_in_threads_of_one_process_are_never_decoded_at_once(monkeypatch):
    """The decoded pixels of one upload are gone before the next upload's are decoded.

    Counted around the real work: from the first Pillow load of an upload to the end of its
    shrinking, the stretch in which the full-size pixels are in memory.
    """
    decoding, most_at_once, lock = set(), [0], threading.Lock()
    real_load, real_shrink = ImageFile.ImageFile.load, photo_pixels.shrink_onto_white

    def counting_load(image):
        with lock:
            decoding.add(threading.get_ident())
            most_at_once[0] = max(most_at_once[0], len(decoding))
        return real_load(image)

    def counting_shrink(image, size):
        shrunk = real_shrink(image, size)
        with lock:
            decoding.discard(threading.get_ident())
        return shrunk

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    monkeypatch.setattr(photo_pixels, "shrink_onto_white", counting_shrink)
    upload = png_bomb(3000, 3000, mode="RGB")  # some tenths of a second of real decoding
    start, results = threading.Barrier(2), []

    def one_upload():
        start.wait()
        results.append(normalize_upload(upload).width)

    threads = [threading.Thread(target=one_upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [1600, 1600]  # the second one waited its turn rather than failing
    assert most_at_once[0] == 1


def test_an_upload_that_finds_the_decoder_taken_too_long_is_told_to_try_again(monkeypatch):
    monkeypatch.setattr(photo_limits, "DECODE_WAIT_SECONDS", 0)
    with photo_limits.decode_slot():  # another upload is being decoded
        with pytest.raises(PhotoError) as caught:
            normalize_upload(encode(Image.new("RGB", (600, 800)), "JPEG"))

    assert caught.value.code == "busy"
