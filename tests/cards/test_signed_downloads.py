"""Card downloads from object storage: a short-lived signed link, the bytes never through Python.

With S3 storage (moto's server, tests/s3.py) the download answers 302 to a presigned URL of the
stored render; the link names the download and forbids caching through its signed response
parameters, lasts a minute, and is handed only to the logged-in owner. The object itself stays
private. moto checks neither signatures nor expiry, so the expiry is read from the signed URL.
"""

import datetime as dt
import io
import time
import urllib.error
import urllib.request
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import caches
from django.test import Client
from PIL import Image

from cards import outputs, rendering, services
from cards.models import RenderedFile
from tests.factories import EmployeeFactory
from tests.s3 import lose_render

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

DOWNLOAD = "/layanan/kartu-asn/unduh/"


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), {}


def signed(response) -> str:
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    return response["Location"]


def test_the_owner_is_sent_to_a_signed_link_that_downloads_the_stored_bytes(
    employee_client, employee, card, s3_bucket
):
    link = signed(employee_client.get(DOWNLOAD + "depan.png"))
    render = RenderedFile.objects.get(
        key=outputs.render_key(outputs.printed_state(card), "depan.png")
    )
    assert link.startswith(s3_bucket.endpoint + "/") and render.file.name in link
    status, body, headers = fetch(link)
    assert status == 200 and body == s3_bucket.read(render.file.name)
    assert Image.open(io.BytesIO(body)).format == "PNG"
    assert headers["Cache-Control"] == "private, no-store"
    assert headers["Content-Type"] == "image/png"
    name = outputs.download_name(card, "depan.png")
    assert headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert s3_bucket.anonymous_status(render.file.name) == 403  # no unsigned way to it


def test_the_link_expires_in_a_minute(employee_client, card, s3_bucket):
    query = parse_qs(urlsplit(signed(employee_client.get(DOWNLOAD + "kartu.pdf"))).query)
    if "X-Amz-Expires" in query:  # signature version 4
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Signature"]
        assert query["X-Amz-Expires"] == [str(outputs.SIGNED_DOWNLOAD_SECONDS)] == ["60"]
        signed_at = dt.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
        assert abs(dt.datetime.utcnow() - signed_at) < dt.timedelta(minutes=1)
    else:  # signature version 2: the moment it stops working
        assert query["Signature"] and query["AWSAccessKeyId"]
        assert 0 < int(query["Expires"][0]) - time.time() <= outputs.SIGNED_DOWNLOAD_SECONDS
    # The response headers are signed parameters of the link, not left to the bucket.
    assert query["response-cache-control"] == ["private, no-store"]
    assert query["response-content-disposition"][0].startswith("attachment;")


def test_a_repeat_download_neither_draws_nor_reads_the_file(employee_client, card, s3_bucket):
    employee_client.get(DOWNLOAD + "depan.png")
    caches["renders"].clear()  # another app server: only the database row and the bucket
    with (
        mock.patch.object(rendering, "render_document", wraps=rendering.render_document) as draw,
        mock.patch("storages.backends.s3.S3Storage._open") as read,
    ):
        for _ in range(3):
            link = signed(employee_client.get(DOWNLOAD + "belakang.png"))
    assert draw.call_count == 0 and read.call_count == 0
    assert fetch(link)[0] == 200


def test_nobody_else_gets_a_link(employee_client, card, s3_bucket):
    owner_link = signed(employee_client.get(DOWNLOAD + "depan.png"))
    client = Client()
    response = client.get(DOWNLOAD + "depan.png")  # not logged in
    assert response.status_code == 404 and "Location" not in response
    stranger = EmployeeFactory(start_date=dt.date.today() + dt.timedelta(days=30))  # no card yet
    client.force_login(stranger)
    response = client.get(DOWNLOAD + "depan.png")
    assert response.status_code == 404 and "Location" not in response
    assert urlsplit(owner_link).path not in response.content.decode()


def test_another_holder_is_sent_to_their_own_card(employee_client, other_employee, s3_bucket):
    services.card_for(other_employee)
    client = Client()
    client.force_login(other_employee)
    mine = urlsplit(signed(employee_client.get(DOWNLOAD + "depan.png"))).path
    theirs = urlsplit(signed(client.get(DOWNLOAD + "depan.png"))).path
    assert mine != theirs


def test_a_render_lost_from_the_bucket_is_drawn_again(employee_client, card, s3_bucket):
    employee_client.get(DOWNLOAD + "depan.png")
    lost = lose_render(s3_bucket, card)
    link = signed(employee_client.get(DOWNLOAD + "depan.png"))
    status, body, _headers = fetch(link)
    assert status == 200 and Image.open(io.BytesIO(body)).format == "PNG"
    assert lost not in link


def test_local_storage_still_sends_the_file_itself(employee_client, card):
    response = employee_client.get(DOWNLOAD + "depan.png")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert Image.open(io.BytesIO(response.content)).format == "PNG"
