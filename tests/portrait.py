"""A pas-foto-like test picture: plain red background, a face and formal shoulders."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw


def pas_foto(width: int = 1200, height: int = 1600, background=(190, 32, 44)) -> bytes:
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


def jpeg_upload(width=900, height=1200, name="foto.jpg", color=(180, 30, 40)) -> SimpleUploadedFile:
    """A plain upload: a coloured background with a lighter "face" in the upper middle."""
    image = Image.new("RGB", (width, height), color)
    image.paste((235, 200, 170), (width // 3, height // 5, 2 * width // 3, height // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
