"""A plain photo upload for tests; the pas-foto-like picture is cards.samples.pas_foto."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_upload(width=900, height=1200, name="foto.jpg", color=(180, 30, 40)) -> SimpleUploadedFile:
    """A plain upload: a coloured background with a lighter "face" in the upper middle."""
    image = Image.new("RGB", (width, height), color)
    image.paste((235, 200, 170), (width // 3, height // 5, 2 * width // 3, height // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
