import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cards.models import Card, CardEvent, PhotoVersion
from tests.cards import images
from tests.portrait import jpeg_upload

pytestmark = pytest.mark.django_db

PHOTO_PAGE = "/layanan/kartu-asn/foto/"


def upload(client, file):
    return client.post(PHOTO_PAGE, {"photo": file})


def test_photo_page_has_the_contract_labels_and_guidance(employee_client):
    page = employee_client.get(PHOTO_PAGE).content.decode()
    for words in ("Pilih Foto", "3:4", "merah atau biru", "formal", "Tanpa filter"):
        assert words in page


def test_upload_shows_a_card_preview_with_the_new_photo_but_keeps_the_old_one(
    client, employee, card_with_photo
):
    client.force_login(employee)
    old_photo = card_with_photo.photo_id
    response = upload(client, jpeg_upload(color=(20, 40, 160)))
    assert response.status_code == 302
    page = client.get(PHOTO_PAGE).content.decode()
    candidate = PhotoVersion.objects.get(employee=employee, status="candidate")
    assert "Gunakan Foto Ini" in page and f"/foto/{candidate.pk}.jpg" in page
    assert "kartu--depan" in page
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == old_photo


def test_gunakan_foto_ini_makes_the_candidate_the_card_photo(client, employee, card_with_photo):
    client.force_login(employee)
    old = card_with_photo.photo_id
    upload(client, jpeg_upload(color=(20, 40, 160)))
    candidate = PhotoVersion.objects.get(employee=employee, status="candidate")
    response = client.post("/layanan/kartu-asn/foto/gunakan/")
    assert response.status_code == 302 and response["Location"] == "/layanan/kartu-asn/"
    card = Card.objects.get(pk=card_with_photo.pk)
    assert card.photo_id == candidate.pk and card.revision > card_with_photo.revision
    assert PhotoVersion.objects.get(pk=old).status == "history"
    assert card.events.first().kind == CardEvent.Kind.PHOTO_CHANGED


def test_leaving_without_confirming_keeps_the_old_photo(client, employee, card_with_photo):
    client.force_login(employee)
    upload(client, jpeg_upload(color=(20, 40, 160)))
    client.post("/layanan/kartu-asn/foto/batal/")
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id
    assert not PhotoVersion.objects.filter(employee=employee, status="candidate").exists()


def test_stored_photo_is_re_encoded_to_600_by_800_without_metadata(client, employee, card):
    client.force_login(employee)
    camera = images.encode(images.photo(1200, 1600), "JPEG", exif=images.exif(gps=True))
    upload(client, SimpleUploadedFile("IMG_0001.jpg", camera, content_type="image/jpeg"))
    candidate = PhotoVersion.objects.get(employee=employee)
    stored = Image.open(candidate.image.open("rb"))
    assert stored.size == (600, 800) and stored.format == "JPEG"
    assert not stored.getexif() and "exif" not in stored.info


def test_crop_can_be_adjusted_before_confirming(client, employee, card):
    client.force_login(employee)
    upload(client, jpeg_upload(1200, 1200))
    before = PhotoVersion.objects.get(employee=employee)
    client.post("/layanan/kartu-asn/foto/potong/", {"zoom": 150, "x": 0, "y": 0})
    after = PhotoVersion.objects.get(pk=before.pk)
    assert (after.crop_left, after.crop_top) == (0, 0)
    assert after.crop_width == pytest.approx(before.crop_width / 1.5)
    assert after.image.name != before.image.name


def _bomb():
    return images.png_bomb(20000, 20000)


def _truncated():
    data = images.encode(images.photo(900, 1200), "JPEG")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("surat.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n", "bukan foto"),
        ("foto.jpg", b"ini bukan gambar sama sekali", "bukan foto"),
        ("rusak.jpg", None, "rusak"),
        ("bom.png", None, "terlalu besar"),
        ("kecil.jpg", None, "terlalu kecil"),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_change_nothing(
    client, employee, card_with_photo, name, content, message
):
    if name == "rusak.jpg":
        content = _truncated()
    elif name == "bom.png":
        content = _bomb()
    elif name == "kecil.jpg":
        content = images.encode(images.photo(120, 160), "JPEG")
    client.force_login(employee)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id
    assert PhotoVersion.objects.filter(employee=employee).count() == 1


def test_oversized_file_is_refused(client, employee, card_with_photo, settings):
    client.force_login(employee)
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10))
    response = upload(client, big)
    assert response.status_code == 400 and "10 MB" in response.content.decode()
    assert PhotoVersion.objects.filter(employee=employee).count() == 1


def test_photos_are_not_served_to_other_employees_or_visitors(
    client, employee, other_employee, card_with_photo
):
    url = f"/layanan/kartu-asn/foto/{card_with_photo.photo_id}.jpg"
    assert client.get(url).status_code == 404
    client.force_login(other_employee)
    assert client.get(url).status_code == 404
    client.force_login(employee)
    response = client.get(url)
    assert response.status_code == 200 and Image.open(io.BytesIO(response.content)).size == (
        600,
        800,
    )


def test_photo_files_are_not_under_any_public_media_url(card_with_photo, settings):
    assert settings.MEDIA_URL in ("", "/")  # nothing mounts the media folder
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve("/" + card_with_photo.photo.image.name)


def test_zoom_never_goes_past_two_times_enlargement(client, employee, card):
    client.force_login(employee)
    upload(client, jpeg_upload(450, 600))  # the largest 3:4 box is 450 px wide: zoom ≤ 150 %
    page = client.get(PHOTO_PAGE).content.decode()
    assert 'max="150"' in page
    client.post("/layanan/kartu-asn/foto/potong/", {"zoom": 300, "x": 50, "y": 50})
    version = PhotoVersion.objects.get(employee=employee)
    assert version.crop_width * version.source_width >= 300 - 0.5
    assert Image.open(version.image.open("rb")).size == (600, 800)
