"""The "Gambar baru" button: a fresh captcha without reloading the page."""

import pytest
from captcha.models import CaptchaStore

from tests.verification.conftest import captcha_key, verify_url
from verification.models import VerificationEvent

pytestmark = pytest.mark.django_db


def test_a_new_captcha_comes_with_its_picture(client):
    response = client.get("/v/captcha/baru/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    data = response.json()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert CaptchaStore.objects.filter(hashkey=data["key"]).exists()
    assert data["image_url"] == f"/captcha/image/{data['key']}/"
    picture = client.get(data["image_url"])
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"


def test_the_new_captcha_can_be_used_on_the_page(client, card):
    url = verify_url(card.token)
    old_key = captcha_key(client.get(url).content.decode())
    key = client.get("/v/captcha/baru/").json()["key"]
    assert key != old_key
    answer = CaptchaStore.objects.get(hashkey=key).response
    page = client.post(url, {"captcha_0": key, "captcha_1": answer}).content.decode()
    assert "KARTU SAH — PEGAWAI AKTIF" in page
    assert VerificationEvent.objects.count() == 1


def test_the_refresh_button_is_hidden_until_the_script_shows_it(client, card):
    page = client.get(verify_url(card.token)).content.decode()
    assert 'data-captcha-refresh="/v/captcha/baru/" hidden' in page


def test_posting_to_the_refresh_address_is_refused(client):
    assert client.post("/v/captcha/baru/").status_code == 405


def test_the_unlimited_library_refresh_endpoint_is_not_mounted(client):
    assert (
        client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 404
    )
