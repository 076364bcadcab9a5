import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cards import services
from tests.cards import images


def jpeg_upload(width=900, height=1200, name="foto.jpg", color=(180, 30, 40)) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), color)
    # A lighter "face" in the upper middle so crops are visible.
    image.paste((235, 200, 170), (width // 3, height // 5, 2 * width // 3, height // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def card(employee):
    return services.card_for(employee)


@pytest.fixture
def card_with_photo(card, employee):
    candidate = services.upload_photo_candidate(employee, jpeg_upload(), employee)
    return services.confirm_photo(card, candidate, employee)


__all__ = ["images", "jpeg_upload"]
