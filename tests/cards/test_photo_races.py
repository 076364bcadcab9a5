"""An upload and a "Gunakan Foto Ini" at the same moment, through a real server, many times.

Two gunicorn worker processes serve one employee whose browser confirms the photo it shows
while a newer upload arrives. Whatever the order the database puts them in, the card keeps a
photo whose files exist, every download works, and the photo on the card is one the employee
confirmed. On PostgreSQL the two requests really run side by side; SQLite runs one writing
transaction at a time, so there the test checks the same outcomes with less overlap.
"""

import http.cookiejar
import io
import re
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from PIL import Image

from cards import outputs
from cards.models import Card, PhotoVersion
from tests.portrait import jpeg_upload
from tests.servers import at_once, gunicorn_servers

ROUNDS = 24
# Where the confirm starts within the upload, in steps over the time an upload takes.
OFFSETS = 8


@pytest.mark.django_db(transaction=True)
def test_uploads_and_confirms_at_the_same_moment_leave_a_working_card(
    employee, card_with_photo, tmp_path
):
    session = Client()
    session.force_login(employee)  # before the server starts: SQLite's copy must hold it
    with photo_server(tmp_path) as server:
        browser = Browser(server, session.cookies[settings.SESSION_COOKIE_NAME].value)
        upload_takes = browser.timed_upload(photo(0))
        for round_ in range(ROUNDS):
            assert browser.upload(photo(2 * round_ + 1)) == 302
            seen, before = browser.candidate_shown(), browser.card_photo()
            delay = upload_takes * (round_ % OFFSETS) / (OFFSETS - 2)
            confirmed, uploaded = at_once(
                lambda c=seen, d=delay: browser.confirm(c, after=d),
                lambda r=round_: browser.upload(photo(2 * r + 2)),
            )

            assert (confirmed, uploaded) == (302, 302)  # nothing failed with a 500
            assert browser.card_photo() in (before, seen)  # never the upload nobody confirmed
            assert browser.photo_is_served(browser.card_photo())
            assert browser.download_works("depan.png")
        for name in outputs.DOWNLOADS:
            assert browser.download_works(name), name

    card = Card.objects.select_related("photo").get(pk=card_with_photo.pk)
    assert card.photo.status == "current" and stored(card.photo)
    assert all(stored(version) for version in PhotoVersion.objects.filter(employee=employee))
    assert PhotoVersion.objects.filter(employee=employee, status="candidate").count() <= 1


def photo(n: int):
    """A different picture each time, so every candidate is its own."""
    return jpeg_upload(600, 800, color=(40 + n * 7 % 200, 60, 160))


def stored(version: PhotoVersion) -> bool:
    return all(f.storage.exists(f.name) for f in (version.source, version.image))


@contextmanager
def photo_server(tmp_path):
    """gunicorn with two workers on the test database, and this process's media folder.

    SQLite's test database lives in this process's memory: it is copied to a file for the
    server and copied back afterwards, so the assertions read what the server wrote.
    """
    env = {"DATA_DIR": str(settings.DATA_DIR), "PHOTO_UPLOAD_LIMIT": "100000"}
    sqlite_file = tmp_path / "shared.sqlite3"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(sqlite_file) as copy:
            connection.connection.backup(copy)
        env["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    with gunicorn_servers(1, tmp_path, workers=2, extra_env=env) as (server,):
        yield server
    if connection.vendor == "sqlite":
        with sqlite3.connect(sqlite_file) as written:
            written.backup(connection.connection)


class Browser:
    """The employee's browser: their session cookie, the CSRF token, no redirects followed."""

    def __init__(self, server: str, session_key: str):
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.cookies.set_cookie(_cookie(settings.SESSION_COOKIE_NAME, session_key))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.get("/layanan/kartu-asn/foto/")  # sets the CSRF cookie
        self.csrf = next(c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME)

    def get(self, path: str) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(self.server + path))

    def post(self, path: str, body: bytes, content_type: str) -> int:
        headers = {"Content-Type": content_type, "X-CSRFToken": self.csrf}
        return self._open(urllib.request.Request(self.server + path, body, headers))[0]

    def upload(self, upload) -> int:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
                f'filename="{upload.name}"\r\nContent-Type: image/jpeg\r\n\r\n'
            ).encode()
            + upload.read()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.post(
            "/layanan/kartu-asn/foto/", body, f"multipart/form-data; boundary={boundary}"
        )

    def timed_upload(self, upload) -> float:
        start = time.perf_counter()
        assert self.upload(upload) == 302
        return time.perf_counter() - start

    def confirm(self, candidate: int, after: float) -> int:
        time.sleep(after)
        body = f"candidate={candidate}".encode()
        return self.post(
            "/layanan/kartu-asn/foto/gunakan/", body, "application/x-www-form-urlencoded"
        )

    def candidate_shown(self) -> int:
        page = self.get("/layanan/kartu-asn/foto/")[1].decode()
        return int(re.search(r'name="candidate" value="(\d+)"', page).group(1))

    def card_photo(self) -> int:
        page = self.get("/layanan/kartu-asn/")[1].decode()
        return int(re.search(r"/layanan/kartu-asn/foto/(\d+)\.jpg", page).group(1))

    def photo_is_served(self, pk: int) -> bool:
        status, body = self.get(f"/layanan/kartu-asn/foto/{pk}.jpg")
        return status == 200 and Image.open(io.BytesIO(body)).size == (600, 800)

    def download_works(self, name: str) -> bool:
        status, body = self.get(f"/layanan/kartu-asn/unduh/{name}")
        magic = b"%PDF-" if name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n"
        return status == 200 and body.startswith(magic)

    def _open(self, request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True,
        False, None, False, None, None, {},
    )  # fmt: skip


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
