"""Photos, renders and import files in a private S3 bucket (moto's server: tests/s3.py).

The portal's flows with the storage production uses: every file is an object in the bucket,
no object opens without a signature, the owner gets the real bytes through the portal, a file
that no row points at any more is deleted from the bucket, and nothing is written to disk.
"""

import io
import re
import urllib.request
from unittest import mock

import pypdf
import pytest
import zxingcpp
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.hr.roles import ensure_hr_group
from accounts.models import Employee
from cards import outputs, rendering, services
from cards.models import PhotoVersion, RenderedFile
from tests.factories import WorkUnitFactory, with_photo
from tests.hr.conftest import UNIT_CODES
from tests.hr.samples import DOCS, GOOD_ROWS
from tests.portrait import jpeg_upload
from tests.s3 import local_media_files, lose_render
from tests.verification.conftest import solve, verify_url

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

PHOTO_PAGE = "/layanan/kartu-asn/foto/"
CONFIRM, CROP, DISCARD = PHOTO_PAGE + "gunakan/", PHOTO_PAGE + "potong/", PHOTO_PAGE + "batal/"
DOWNLOAD = "/layanan/kartu-asn/unduh/"
IMPORT = "/admin/accounts/employee/import/"
PROCESS = "/admin/accounts/employee/process_import/"


def upload(client, employee, color=(180, 30, 40)) -> PhotoVersion:
    assert client.post(PHOTO_PAGE, {"photo": jpeg_upload(color=color)}).status_code == 302
    return PhotoVersion.objects.get(employee=employee, status="candidate")


def files_of(*versions: PhotoVersion) -> set[str]:
    return {f.name for v in versions for f in (v.source, v.image)}


def renders_of(card) -> set[str]:
    return set(RenderedFile.objects.filter(card=card).values_list("file", flat=True))


def signed_get(name: str) -> bytes:
    with urllib.request.urlopen(default_storage.url(name), timeout=10) as response:
        return response.read()


def downloaded(client, url: str) -> bytes:
    """A card download: the portal answers with a signed link, the bucket with the bytes."""
    response = client.get(url)
    assert response.status_code == 302, response.status_code
    with urllib.request.urlopen(response["Location"], timeout=10) as stored:
        return stored.read()


def qr_url(png: bytes) -> str:
    """The address in the card's QR code (before any "#"), read as a phone's camera would:
    zxing-cpp reads some sharp codes only once they are shown larger."""
    image = Image.open(io.BytesIO(png))
    for shown in (image, image.resize((image.width * 2, image.height * 2), Image.BILINEAR)):
        codes = zxingcpp.read_barcodes(shown, formats=zxingcpp.BarcodeFormat.QRCode)
        if codes:
            return codes[0].text.split("#", 1)[0]
    return ""


def assert_private_objects(bucket, keys):
    """Each plain object URL is refused; the same URL signed opens (so the 403 is no accident)."""
    assert keys
    for key in keys:
        assert bucket.anonymous_status(key) == 403, key
        assert bucket.is_private(key), key
        assert signed_get(key) == bucket.read(key)


# Photos


def test_an_upload_is_two_private_objects_in_the_bucket_and_nothing_on_disk(
    employee_client, employee, card, s3_bucket, settings
):
    candidate = upload(employee_client, employee)
    assert s3_bucket.keys() == files_of(candidate)
    assert_private_objects(s3_bucket, files_of(candidate))
    assert local_media_files(settings.MEDIA_ROOT) == []


def test_the_owner_gets_the_stored_photo_and_its_source_through_the_portal(
    employee_client, employee, card, s3_bucket
):
    candidate = upload(employee_client, employee)
    photo = employee_client.get(f"{PHOTO_PAGE}{candidate.pk}.jpg")
    assert photo["Cache-Control"] == "private, no-store"
    assert photo.content == s3_bucket.read(candidate.image.name)
    assert Image.open(io.BytesIO(photo.content)).size == (600, 800)
    source = employee_client.get(f"{PHOTO_PAGE}{candidate.pk}/sumber.jpg")
    assert source.content == s3_bucket.read(candidate.source.name)


def test_a_photo_missing_from_the_bucket_is_a_404_not_a_server_error(
    employee_client, employee, card, s3_bucket
):
    candidate = upload(employee_client, employee)
    s3_bucket.client.delete_object(Bucket=s3_bucket.name, Key=candidate.image.name)
    assert employee_client.get(f"{PHOTO_PAGE}{candidate.pk}.jpg").status_code == 404


def test_replaced_recropped_and_discarded_candidates_leave_no_objects_behind(
    employee_client, employee, card, s3_bucket, django_capture_on_commit_callbacks
):
    committed = django_capture_on_commit_callbacks  # runs what waits for the commit
    with committed(execute=True):
        first = upload(employee_client, employee)
    with committed(execute=True):
        second = upload(employee_client, employee, color=(20, 40, 160))
    assert files_of(first) and s3_bucket.keys() == files_of(second)

    with committed(execute=True):
        employee_client.post(CROP, {"candidate": second.pk, "zoom": 150, "x": 0, "y": 0})
    recropped = PhotoVersion.objects.get(pk=second.pk)
    assert recropped.image.name != second.image.name
    assert s3_bucket.keys() == files_of(recropped)

    with committed(execute=True):
        employee_client.post(DISCARD)
    assert s3_bucket.keys() == set()


def test_a_confirmed_photo_stays_and_the_one_it_replaced_is_kept_as_history(
    employee_client, employee, card, s3_bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        old = upload(employee_client, employee)
        employee_client.post(CONFIRM, {"candidate": old.pk})
    with django_capture_on_commit_callbacks(execute=True):
        new = upload(employee_client, employee, color=(20, 40, 160))
        employee_client.post(CONFIRM, {"candidate": new.pk})
    assert PhotoVersion.objects.get(pk=old.pk).status == "history"  # shown in the admin
    assert s3_bucket.keys() == files_of(old, new)


def test_the_verification_result_shows_the_photo_from_the_bucket(client, employee, card, s3_bucket):
    photo = with_photo(employee).photo
    page = solve(client, verify_url(card.token)).content.decode()
    link = re.search(r'src="(/v/foto/[^"]+/)"', page).group(1)
    assert client.get(link).content == s3_bucket.read(photo.image.name)


# Rendered cards


def test_downloads_are_stored_as_private_objects_and_read_back_from_the_bucket(
    employee_client, employee, s3_bucket, settings
):
    card = with_photo(employee)
    png = downloaded(employee_client, DOWNLOAD + "depan.png")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert qr_url(png) == f"{settings.PUBLIC_BASE_URL}/v/{card.token}/"
    renders = renders_of(card)
    assert len(renders) == 4 and s3_bucket.keys("renders/") == renders
    assert_private_objects(s3_bucket, renders)

    caches["renders"].clear()  # another app server: only the bucket has the file
    with mock.patch.object(rendering, "render_document", wraps=rendering.render_document) as spy:
        pdf = downloaded(employee_client, DOWNLOAD + "belakang.pdf")
    assert spy.call_count == 0
    assert pdf in {s3_bucket.read(key) for key in renders}
    assert card.number in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert local_media_files(settings.MEDIA_ROOT) == []


def test_a_change_on_the_card_deletes_the_renders_no_key_reaches(
    employee_client, employee, card, s3_bucket
):
    employee_client.get(DOWNLOAD + "depan.png")
    portrait = s3_bucket.keys("renders/")
    services.set_orientation(card, "landscape", employee)
    employee_client.get(DOWNLOAD + "depan.png")
    landscape = s3_bucket.keys("renders/")
    assert len(portrait) == len(landscape) == 4 and not portrait & landscape


def test_a_render_missing_from_the_bucket_is_rendered_again(employee_client, card, s3_bucket):
    employee_client.get(DOWNLOAD + "depan.png")
    key = outputs.render_key(outputs.printed_state(card), "depan.png")
    lost = lose_render(s3_bucket, card)
    again = downloaded(employee_client, DOWNLOAD + "depan.png")
    assert Image.open(io.BytesIO(again)).format == "PNG"
    assert again == s3_bucket.read(RenderedFile.objects.get(key=key).file.name)
    assert s3_bucket.keys("renders/") == renders_of(card) and lost not in renders_of(card)


# Employee import files


@pytest.fixture
def officer(client, hr_officer, agency):
    hr_officer.groups.add(ensure_hr_group())
    for code in UNIT_CODES:
        WorkUnitFactory(agency=agency, code=code, name=f"Unit {code}")
    client.force_login(hr_officer)
    return client


def dry_run(officer, name: str) -> dict:
    """Upload a sample; the fields of the confirm form it shows."""
    upload = SimpleUploadedFile(name, (DOCS / name).read_bytes())
    confirm = officer.post(IMPORT, {"import_file": upload, "format": ""}).context["confirm_form"]
    return {name: confirm.initial.get(name, "") for name in confirm.fields}


def test_an_import_file_waits_as_a_private_object_and_is_deleted_once_confirmed(
    officer, hr_officer, s3_bucket, settings
):
    dry_run(officer, "contoh-benar.xlsx")
    data = dry_run(officer, "contoh-benar.csv")  # replaces the officer's earlier upload
    waiting = s3_bucket.keys()
    assert waiting == {f"employee-imports/{hr_officer.pk}-{data['import_file_name']}"}
    assert_private_objects(s3_bucket, waiting)
    assert s3_bucket.read(waiting.pop()) == (DOCS / "contoh-benar.csv").read_bytes()

    assert officer.post(PROCESS, data).status_code == 302
    assert Employee.objects.filter(nip__in=[r["nip"] for r in GOOD_ROWS]).count() == len(GOOD_ROWS)
    assert s3_bucket.keys() == set()
    assert local_media_files(settings.MEDIA_ROOT) == []


def test_cancelling_an_import_deletes_its_file_from_the_bucket(officer, s3_bucket):
    data = dry_run(officer, "contoh-benar.csv")
    assert officer.post(PROCESS, {**data, "cancel": "Batal"}).status_code == 302
    assert s3_bucket.keys() == set()


def test_the_bucket_is_the_one_configured(s3_bucket):
    """Guards the tests above: they must not pass on local files by mistake."""
    options = django_settings.STORAGES["default"]["OPTIONS"]
    assert default_storage.bucket_name == s3_bucket.name == options["bucket_name"]
    assert default_storage.endpoint_url == s3_bucket.endpoint
