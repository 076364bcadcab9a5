import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cards import photo_limits
from cards.models import Card, CardEvent, PhotoVersion
from tests.cards import images
from tests.portrait import jpeg_upload

pytestmark = pytest.mark.django_db

PHOTO_PAGE = "/layanan/kartu-asn/foto/"
CONFIRM = "/layanan/kartu-asn/foto/gunakan/"
CROP = "/layanan/kartu-asn/foto/potong/"


def upload(client, file):
    return client.post(PHOTO_PAGE, {"photo": file})


def candidate_of(employee) -> PhotoVersion:
    return PhotoVersion.objects.get(employee=employee, status="candidate")


def stored(version: PhotoVersion) -> bool:
    return all(default_storage.exists(f.name) for f in (version.source, version.image))


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
    candidate = candidate_of(employee)
    page = client.get(PHOTO_PAGE).content.decode()
    assert f'name="candidate" value="{candidate.pk}"' in page  # the button names its photo
    response = client.post(CONFIRM, {"candidate": candidate.pk})
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
    portrait = Image.open(jpeg_upload(1200, 1600))  # the portal refuses a photo without a face
    camera = images.encode(portrait, "JPEG", exif=images.exif(gps=True))
    upload(client, SimpleUploadedFile("IMG_0001.jpg", camera, content_type="image/jpeg"))
    candidate = PhotoVersion.objects.get(employee=employee)
    stored = Image.open(candidate.image.open("rb"))
    assert stored.size == (600, 800) and stored.format == "JPEG"
    assert not stored.getexif() and "exif" not in stored.info


def test_crop_can_be_adjusted_before_confirming(client, employee, card):
    client.force_login(employee)
    upload(client, jpeg_upload(1200, 1200))
    before = PhotoVersion.objects.get(employee=employee)
    client.post(CROP, {"candidate": before.pk, "zoom": 150, "x": 0, "y": 0})
    after = PhotoVersion.objects.get(pk=before.pk)
    assert (after.crop_left, after.crop_top) == (0, 0)
    # 150 % of the largest 3:4 box (the whole square's height), whatever the first crop was
    assert after.crop_width == pytest.approx(0.75 / 1.5)
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
    version = PhotoVersion.objects.get(employee=employee)
    client.post(CROP, {"candidate": version.pk, "zoom": 300, "x": 50, "y": 50})
    version.refresh_from_db()
    assert version.crop_width * version.source_width >= 300 - 0.5
    assert Image.open(version.image.open("rb")).size == (600, 800)


# Uploads and confirms that cross: each button names the photo it was drawn for.


def test_a_confirm_of_a_photo_a_newer_upload_replaced_is_refused_and_changes_nothing(
    client, employee, card_with_photo
):
    client.force_login(employee)
    upload(client, jpeg_upload(color=(20, 40, 160)))
    seen = candidate_of(employee)
    upload(client, jpeg_upload(color=(160, 40, 20)))  # e.g. in another tab
    newer = candidate_of(employee)

    response = client.post(CONFIRM, {"candidate": seen.pk}, follow=True)

    assert response.redirect_chain[-1][0] == PHOTO_PAGE
    assert "sudah diganti dengan unggahan lain" in response.content.decode()
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id
    assert candidate_of(employee) == newer and stored(newer)


@pytest.mark.parametrize("data", [{}, {"candidate": ""}, {"candidate": "x"}, {"candidate": 0}])
def test_a_confirm_that_names_no_photo_is_refused(client, employee, card_with_photo, data):
    client.force_login(employee)
    upload(client, jpeg_upload(color=(20, 40, 160)))

    response = client.post(CONFIRM, data, follow=True)

    assert "sudah diganti dengan unggahan lain" in response.content.decode()
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id


def test_a_confirm_naming_another_employees_candidate_is_refused(
    client, employee, other_employee, card, card_with_photo
):
    from cards import services

    services.card_for(other_employee)
    theirs = services.upload_photo_candidate(other_employee, jpeg_upload(), other_employee)
    client.force_login(employee)

    client.post(CONFIRM, {"candidate": theirs.pk})

    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id
    assert PhotoVersion.objects.get(pk=theirs.pk).status == "candidate"


def test_clicking_gunakan_foto_ini_twice_is_one_change(client, employee, card_with_photo):
    client.force_login(employee)
    upload(client, jpeg_upload(color=(20, 40, 160)))
    candidate = candidate_of(employee)

    first = client.post(CONFIRM, {"candidate": candidate.pk})
    second = client.post(CONFIRM, {"candidate": candidate.pk}, follow=True)

    assert first["Location"] == second.redirect_chain[-1][0] == "/layanan/kartu-asn/"
    assert "Foto kartu sudah diperbarui" in second.content.decode()
    assert Card.objects.get(pk=card_with_photo.pk).events.filter(kind="photo").count() == 2


def test_a_crop_of_a_replaced_photo_is_refused(client, employee, card):
    client.force_login(employee)
    upload(client, jpeg_upload(1200, 1200))
    seen = candidate_of(employee)
    upload(client, jpeg_upload(1200, 1200, color=(20, 40, 160)))
    newer = candidate_of(employee)

    response = client.post(CROP, {"candidate": seen.pk, "zoom": 150, "x": 0, "y": 0}, follow=True)

    assert "sudah diganti dengan unggahan lain" in response.content.decode()
    assert PhotoVersion.objects.get(pk=newer.pk).crop_width == newer.crop_width


def test_replaced_candidate_files_are_deleted_only_once_the_upload_has_committed(
    client, employee, card, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    upload(client, jpeg_upload())
    replaced = candidate_of(employee)

    with django_capture_on_commit_callbacks() as deletions:
        upload(client, jpeg_upload(color=(20, 40, 160)))
        assert stored(replaced)  # a confirm running now still finds its files

    for delete in deletions:
        delete()
    assert not stored(replaced) and stored(candidate_of(employee))


def test_a_new_crop_deletes_the_old_crop_file_once_committed(
    client, employee, card, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    upload(client, jpeg_upload(1200, 1200))
    before = candidate_of(employee)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(CROP, {"candidate": before.pk, "zoom": 150, "x": 0, "y": 0})

    assert not default_storage.exists(before.image.name)
    assert stored(candidate_of(employee))


# Limits on uploads: each refusal says why and keeps everything as it was.


def test_uploads_past_the_per_employee_budget_are_refused_and_keep_the_last_candidate(
    client, employee, other_employee, card_with_photo, settings
):
    settings.PHOTO_UPLOAD_LIMIT = 3
    client.force_login(employee)
    for _ in range(settings.PHOTO_UPLOAD_LIMIT):
        assert upload(client, jpeg_upload()).status_code == 302
    last = candidate_of(employee)

    response = upload(client, jpeg_upload(color=(20, 40, 160)))

    assert response.status_code == 429
    assert "terlalu sering mengunggah foto. Coba lagi dalam 10 menit" in response.content.decode()
    assert candidate_of(employee) == last and stored(last)
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id
    # The budget is the employee's own.
    from cards import services

    services.card_for(other_employee)
    client.force_login(other_employee)
    assert upload(client, jpeg_upload()).status_code == 302


def test_the_refusal_is_in_english_when_english_was_chosen(client, employee, card, settings):
    settings.PHOTO_UPLOAD_LIMIT = 1
    client.force_login(employee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload(client, jpeg_upload())

    response = upload(client, jpeg_upload())

    assert response.status_code == 429
    assert "You have uploaded photos too often. Try again in 10 minutes" in (
        response.content.decode()
    )


def test_an_upload_while_the_worker_is_busy_decoding_asks_to_try_again(
    client, employee, card_with_photo, monkeypatch
):
    client.force_login(employee)
    upload(client, jpeg_upload())
    pending = candidate_of(employee)
    monkeypatch.setattr(photo_limits, "DECODE_WAIT_SECONDS", 0)

    with photo_limits.decode_slot():  # another upload in this process holds it
        response = upload(client, jpeg_upload(color=(20, 40, 160)))

    assert response.status_code == 503
    assert "Server sedang memproses foto lain" in response.content.decode()
    assert candidate_of(employee) == pending and stored(pending)
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: images.png_bomb(7070, 7070, mode="RGBA"), "Untuk foto PNG,"),
        (lambda: images.webp_claiming_size(16383, 16383), "Untuk foto WebP,"),
        (lambda: images.heif_claiming_size(8064, 6048), "Untuk foto HEIC,"),
        (lambda: images.jpeg_claiming_size(60000, 60000), "Untuk foto JPEG,"),
    ],
    ids=["rgba-png-50-mp", "webp-268-mp", "heic-48-mp", "jpeg-3600-mp"],
)
def test_hostile_photos_are_refused_with_the_limit_of_their_kind_and_change_nothing(
    client, employee, card_with_photo, content, message
):
    client.force_login(employee)
    upload(client, jpeg_upload())
    pending = candidate_of(employee)

    response = upload(client, SimpleUploadedFile("foto", content()))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert candidate_of(employee) == pending and stored(pending)
    assert Card.objects.get(pk=card_with_photo.pk).photo_id == card_with_photo.photo_id
