"""Two app servers, one state: PostgreSQL, Redis and the S3 bucket, nothing kept in a server.

Two gunicorn servers (A and B) run the production settings against the test database, the
test Redis and a bucket of the session's S3 server (tests/s3.py); a person's requests land
on either, as a load balancer would send them. Skipped unless DATABASE_URL is PostgreSQL and
REDIS_URL is set: SQLite and local memory cannot be shared between servers.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from cards.models import Card, PhotoVersion, RenderedFile
from tests.factories import with_photo
from tests.portrait import jpeg_upload
from tests.s3 import Bucket, drop_bucket, local_media_files, new_bucket
from tests.servers import BrowserLikeClient, gunicorn_servers, require_shared_services
from tests.test_s3_storage import qr_url
from tests.verification.conftest import captcha_answer, captcha_key, verify_url

pytestmark = [pytest.mark.s3, pytest.mark.django_db(transaction=True)]

PHOTO_PAGE = "/layanan/kartu-asn/foto/"
DOWNLOAD = "/layanan/kartu-asn/unduh/"
QR_CREATE, QR_STATUS = "/login/qr/baru/", "/login/qr/status/"
# Low enough to reach in a few requests; the verification limit is per address, and every
# request here comes from 127.0.0.1.
LIMITS = {"PHOTO_UPLOAD_LIMIT": "3", "VERIFICATION_SUBMIT_LIMIT": "3"}


@dataclass
class Servers:
    a: str
    b: str
    bucket: Bucket
    data_dir: Path


@pytest.fixture(scope="module")
def servers(request, django_db_setup, tmp_path_factory):
    require_shared_services()
    bucket = new_bucket(request.getfixturevalue("s3_endpoint"))
    data_dir = tmp_path_factory.mktemp("two-servers")
    env = {**bucket.environment(), **LIMITS}
    with gunicorn_servers(2, data_dir, extra_env=env) as (a, b):
        yield Servers(a, b, bucket, data_dir)
    drop_bucket(bucket)


@pytest.fixture(autouse=True)
def _same_bucket_here(servers, settings):
    """The test's own writes (a photo for the card) go to the servers' bucket."""
    settings.STORAGES = {**settings.STORAGES, "default": servers.bucket.storage()}


def logged_in(server: str, employee, password) -> BrowserLikeClient:
    browser = BrowserLikeClient()
    status, _ = browser.post_form(server + "/login/", {"nip": employee.nip, "password": password})
    assert status == 302
    return browser


def upload_photo(browser, server: str, color=(180, 30, 40)) -> int:
    photo = jpeg_upload(color=color).read()
    return browser.post_file(server + PHOTO_PAGE, "photo", "foto.jpg", photo, "image/jpeg")[0]


def post_json(browser, server: str, path: str, token: str) -> dict:
    status, body = browser.submit_form(server + path, {}, token)
    assert status == 200, body
    return json.loads(body)


def test_log_in_on_a_upload_on_b_confirm_on_a_download_from_both(servers, employee, card, password):
    browser = logged_in(servers.a, employee, password)
    assert upload_photo(browser, servers.b) == 302
    candidate = PhotoVersion.objects.get(employee=employee, status="candidate")
    token = browser.open_form(servers.a + PHOTO_PAGE)  # A shows the candidate B stored
    confirmed = browser.submit_form(
        servers.a + PHOTO_PAGE + "gunakan/", {"candidate": candidate.pk}, token
    )
    assert confirmed[0] == 302 and Card.objects.get(pk=card.pk).photo_id == candidate.pk

    status, png = browser.download(servers.b + DOWNLOAD + "depan.png")
    assert status == 200
    assert qr_url(png) == f"{django_settings.PUBLIC_BASE_URL}/v/{card.token}/"
    # A serves the photo B stored, and the render B stored: A has neither in memory.
    assert browser.download(servers.a + f"{PHOTO_PAGE}{candidate.pk}.jpg") == (
        200,
        servers.bucket.read(candidate.image.name),
    )
    renders = set(RenderedFile.objects.filter(card=card).values_list("file", flat=True))
    status, pdf = browser.download(servers.a + DOWNLOAD + "belakang.pdf")
    assert status == 200 and pdf in {servers.bucket.read(key) for key in renders}

    objects = {candidate.source.name, candidate.image.name} | renders
    assert objects <= servers.bucket.keys()
    assert all(servers.bucket.anonymous_status(key) == 403 for key in objects)
    assert local_media_files(servers.data_dir / "media") == []


def test_failures_on_a_lock_the_nip_on_b(servers, employee, password):
    attacker = BrowserLikeClient()
    for _ in range(django_settings.LOGIN_FAILURE_LIMIT_PER_NIP):
        attacker.post_form(servers.a + "/login/", {"nip": employee.nip, "password": "salah-lagi"})
    status, page = BrowserLikeClient().post_form(
        servers.b + "/login/", {"nip": employee.nip, "password": password}
    )
    assert status == 429 and "Terlalu banyak percobaan masuk" in page


def test_a_captcha_solved_on_a_cannot_be_used_again_on_b(servers, employee):
    card = with_photo(employee)
    url, visitor = verify_url(card.token), BrowserLikeClient()
    _, page = visitor.get(servers.a + url)
    key = captcha_key(page)
    answer = {"captcha_0": key, "captcha_1": captcha_answer(key)}
    token = visitor.open_form(servers.a + url)
    status, result = visitor.submit_form(servers.a + url, answer, token)
    assert status == 200 and "KARTU SAH" in result
    photo = re.search(r'src="(/v/foto/[^"]+/)"', result).group(1)
    assert visitor.download(servers.b + photo) == (200, servers.bucket.read(card.photo.image.name))

    status, again = visitor.submit_form(servers.b + url, answer, token)
    assert status == 400 and "KARTU SAH" not in again


def test_a_qr_code_made_on_a_and_approved_through_b_logs_the_computer_in_on_a(
    servers, employee, password
):
    computer = BrowserLikeClient()
    token = computer.open_form(servers.a + "/login/")
    created = post_json(computer, servers.a, QR_CREATE, token)
    code = created["url"].rstrip("/").rsplit("/", 1)[1]

    phone = logged_in(servers.b, employee, password)
    assert post_json(computer, servers.a, QR_STATUS, token)["status"] == "pending"
    decision = {"keputusan": "setujui", "angka": created["number"]}
    assert phone.post_form(servers.b + f"/login/qr/{code}/", decision)[0] == 302

    assert post_json(computer, servers.a, QR_STATUS, token) == {
        "status": "approved",
        "redirect": "/",
    }
    status, home = computer.get(servers.a + "/")
    assert status == 200 and "Layanan Lainnya" in home


def test_throttles_count_the_requests_of_both_servers(servers, employee, card, password):
    browser = logged_in(servers.a, employee, password)
    limit = int(LIMITS["PHOTO_UPLOAD_LIMIT"])
    uploads = [upload_photo(browser, (servers.a, servers.b)[n % 2]) for n in range(limit + 1)]
    assert uploads == [302] * limit + [429]

    url, visitor = verify_url(card.token), BrowserLikeClient()
    limit = int(LIMITS["VERIFICATION_SUBMIT_LIMIT"])
    statuses = []
    for n in range(limit + 1):
        server = (servers.a, servers.b)[n % 2]
        token = visitor.open_form(server + url)
        wrong = {"captcha_0": "0" * 40, "captcha_1": "salah"}
        statuses.append(visitor.submit_form(server + url, wrong, token)[0])
    assert statuses == [400] * limit + [429]
