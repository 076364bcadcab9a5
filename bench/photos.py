"""The photo pipeline on a 12-megapixel phone JPEG, and a worker's memory on hostile uploads."""

import io
from pathlib import Path

from bench.table import check, median_ms


def bench_pipeline(repeat: int):
    from PIL import Image

    from cards import cropping, photos

    phone = io.BytesIO()
    Image.effect_noise((4000, 3000), 40).convert("RGB").save(phone, "JPEG", quality=92)
    data = phone.getvalue()

    def pipeline():
        normalized = photos.normalize_upload(data)
        photos.crop_card_photo(normalized.jpeg, None)

    ms = median_ms(pipeline, max(5, repeat // 2))
    check("photo pipeline, 12-megapixel JPEG", f"{ms:.0f} ms", "≤ 250 ms", ms, 250, unit=" ms")

    # The same with a real face (tests/cards/photos, public domain): found, checked, framed.
    face = Image.open(Path(__file__).parent.parent / "tests/cards/photos/astronaut.jpg")
    face = face.convert("RGB").resize((3000, 4000))
    portrait = io.BytesIO()
    face.save(portrait, "JPEG", quality=92)

    def with_face():
        normalized = photos.normalize_upload(portrait.getvalue())
        box = cropping.face_crop(normalized.width, normalized.height, normalized.checks.get("face"))
        photos.crop_card_photo(normalized.jpeg, box)

    ms = median_ms(with_face, max(5, repeat // 2))
    check("photo pipeline with face checks, 12-MP portrait", f"{ms:.0f} ms", "≤ 250 ms", ms, 250,
          unit=" ms")  # fmt: skip


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
