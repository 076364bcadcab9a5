"""The photo on a result page: a short-lived signed link, never a media path."""

import io
import re
import time

import pytest
from django.conf import settings
from django.core import signing
from PIL import Image

from cards import services
from tests.verification.conftest import solve, verify_url
from verification import photo_links

pytestmark = pytest.mark.django_db


class _SignerAt(signing.TimestampSigner):
    """Signs as if the clock said `at`: how a link handed out earlier looks today."""

    def __init__(self, at: float):
        super().__init__(salt=photo_links.SALT)
        self.at = at

    def timestamp(self):
        return signing.b62_encode(int(self.at))


def _photo_url(client, card) -> str:
    page = solve(client, verify_url(card.token)).content.decode()
    return re.search(r'<img class="rekaman__foto" src="([^"]+)"', page).group(1)


def test_the_result_shows_the_photo_through_a_signed_link(client, card_with_photo):
    url = _photo_url(client, card_with_photo)
    assert url.startswith("/v/foto/") and "media" not in url
    assert card_with_photo.photo.image.name not in url
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Image.open(io.BytesIO(response.content)).size == (600, 800)


def test_a_card_without_photo_shows_a_placeholder(client, card):
    page = solve(client, verify_url(card.token)).content.decode()
    assert "Foto belum tersedia" in page and "/v/foto/" not in page


def test_a_revoked_card_gets_no_photo_link(client, card_with_photo, hr_officer):
    services.revoke_card(card_with_photo, "Kartu hilang", hr_officer)
    page = solve(client, verify_url(card_with_photo.token)).content.decode()
    assert "/v/foto/" not in page


def test_the_signed_photo_link_stops_working_after_it_expires(client, card_with_photo):
    photo = card_with_photo.photo
    lifetime = settings.VERIFICATION_PHOTO_LINK_SECONDS
    assert lifetime == 300
    fresh = _SignerAt(time.time() - lifetime + 30).sign(str(photo.pk))
    expired = _SignerAt(time.time() - lifetime - 1).sign(str(photo.pk))
    assert client.get(f"/v/foto/{fresh}/").status_code == 200
    response = client.get(f"/v/foto/{expired}/")
    assert response.status_code == 410 and response["Content-Type"] != "image/jpeg"
    assert "no-store" in response["Cache-Control"]


def test_a_link_made_for_one_photo_cannot_be_turned_to_another(client, card_with_photo):
    signed = photo_links.signer().sign(str(card_with_photo.photo.pk))
    forged = signed.replace(f"{card_with_photo.photo.pk}:", f"{card_with_photo.photo.pk + 1}:", 1)
    assert client.get(f"/v/foto/{forged}/").status_code == 404


def test_a_guessed_or_foreign_signature_is_refused(client, card_with_photo):
    pk = card_with_photo.photo.pk
    other_salt = signing.TimestampSigner(salt="something-else").sign(str(pk))
    for value in (str(pk), f"{pk}:abc:def", other_salt, "x" * 300):
        assert client.get(f"/v/foto/{value}/").status_code == 404, value
