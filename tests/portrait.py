"""A plain photo upload for tests; the pas-foto-like picture is cards.samples.pas_foto."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

# A real face (NASA, public domain: tests/cards/photos/README.md): the portal refuses a photo
# in which it finds no face.
PORTRAIT = Path(__file__).parent / "cards" / "photos" / "astronaut.jpg"


def jpeg_upload(width=900, height=1200, name="foto.jpg", color=(180, 30, 40)) -> SimpleUploadedFile:
    """A pas foto: the portrait's head and shoulders on a plain background of ``color``."""
    image = Image.new("RGB", (width, height), color)
    side = min(width * 4 // 3, height) * 3 // 4  # the portrait's width at the largest 3:4 fit
    person = Image.open(PORTRAIT).convert("RGB").resize((side, side * 4 // 3))
    mask = Image.new("L", person.size, 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((side * 0.23, side * 0.02, side * 0.73, side * 0.7), fill=255)  # head
    draw.ellipse((0, side * 0.52, side, side * 2.1), fill=255)  # shoulders
    image.paste(
        person,
        ((width - side) // 2, height - person.height),
        mask.filter(ImageFilter.GaussianBlur(2)),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pas_foto(width: int = 1200, height: int = 1600) -> bytes:
    """The JPEG bytes of ``jpeg_upload``: a photo the portal accepts, with one real face."""
    return jpeg_upload(width, height).read()
