"""A sample card and pas foto, drawn on the spot: what the benchmark and the tests render."""

import datetime
import functools
import io

from PIL import Image, ImageDraw

from cards.rendering import CardFace


def pas_foto(width: int = 1200, height: int = 1600, background=(190, 32, 44)) -> bytes:
    """A pas-foto-like JPEG: plain red background, a face and formal shoulders."""
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    cx = width // 2
    # shoulders in a dark suit, white collar
    draw.ellipse(
        (cx - width * 0.42, height * 0.68, cx + width * 0.42, height * 1.25), fill=(28, 36, 52)
    )
    draw.polygon(
        [
            (cx - width * 0.09, height * 0.68),
            (cx + width * 0.09, height * 0.68),
            (cx, height * 0.82),
        ],
        fill=(245, 245, 245),
    )
    # neck and face
    draw.rectangle(
        (cx - width * 0.07, height * 0.52, cx + width * 0.07, height * 0.7), fill=(214, 170, 136)
    )
    draw.ellipse(
        (cx - width * 0.17, height * 0.2, cx + width * 0.17, height * 0.6), fill=(226, 184, 150)
    )
    draw.chord(
        (cx - width * 0.18, height * 0.17, cx + width * 0.18, height * 0.45),
        180,
        360,
        fill=(30, 24, 22),
    )
    for side in (-1, 1):
        eye_x = cx + side * width * 0.065
        draw.ellipse(
            (eye_x - 14, height * 0.39 - 9, eye_x + 14, height * 0.39 + 9), fill=(40, 30, 28)
        )
    draw.arc(
        (cx - width * 0.06, height * 0.46, cx + width * 0.06, height * 0.52),
        20,
        160,
        fill=(150, 70, 70),
        width=6,
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@functools.cache
def sample_face() -> CardFace:
    """A PNS with a long name and unit, and a photo at the size the card prints."""
    return CardFace(
        full_name="Dr. Ir. Siti Rahmawati Kusumaningtyas, S.Kom., M.T.",
        nip="198609262015052001",
        asn_type="PNS",
        position="Analis Sumber Daya Manusia Aparatur Ahli Muda",
        agency="Badan Kepegawaian Negara",
        work_unit="Direktorat Pengolahan Data dan Penyajian Informasi Kepegawaian",
        rank_label="Penata Muda Tingkat I, III/b",
        card_number="KA-2026-7Q4M-9XK2",
        issued_on=datetime.date(2026, 11, 25),
        verify_url="http://127.0.0.1:8000/v/ABCDEFGHJKMNPQRSTUVWXYZ2/",
        photo=pas_foto(600, 800),
    )
