"""The photo pipeline on a 12-megapixel phone JPEG, and a worker's memory on hostile uploads."""

import io

from bench.table import check, median_ms, row


def bench_pipeline(repeat: int):
    """An upload as production takes it (cards.photos.prepare_candidate): decoded, upright,
    shrunk, its faces counted and checked, and the card photo cut around the face; beside a
    plain Pillow decode and shrink of the same file, measured in the same run."""
    from PIL import Image

    from cards import photos
    from tests import portrait

    phone = portrait.jpeg(portrait.twelve_megapixels().image, 92)  # 3000 x 4000, grain
    noise = io.BytesIO()
    Image.effect_noise((4000, 3000), 40).convert("RGB").save(noise, "JPEG", quality=92)

    def plain():
        with Image.open(io.BytesIO(phone)) as image:
            image.draft("RGB", (1200, 1600))
            image.resize((1200, 1600), Image.Resampling.BICUBIC)

    def refused():
        try:
            photos.prepare_candidate(noise.getvalue())
        except photos.PhotoError:
            return
        raise AssertionError("a photo of noise was accepted")

    times = max(5, repeat // 2)
    base = median_ms(plain, times)
    row("plain Pillow decode and shrink of that JPEG (baseline)", f"{base:.0f} ms")
    ms = median_ms(lambda: photos.prepare_candidate(phone), times)
    check(
        "photo upload with face checks and crop, 12-MP phone photo",
        f"{ms:.0f} ms ({ms / base:.2f}× the plain decode)",
        "≤ 250 ms", ms, 250, unit=" ms",
    )  # fmt: skip
    ms = median_ms(refused, times)
    check("photo upload refused (no face), 12-MP photo of noise", f"{ms:.0f} ms", "≤ 250 ms",
          ms, 250, unit=" ms")  # fmt: skip


def bench_memory():
    from bench.photo_memory import worst_hostile_upload

    name, outcome, grown, worker = worst_hostile_upload()
    check(
        "worst hostile photo upload: peak worker memory",
        f"+{grown} MB over a {worker} MB worker ({name}, {outcome})",
        "≤ 150 MB",
        grown,
        150,
        unit=" MB",
    )
