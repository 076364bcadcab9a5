"""What an offline verifier fetches: the JWKS and the signed status list, checked with pycose."""

import base64
import datetime as dt
import io
import random

import cbor2
import pytest
from django.utils import timezone
from PIL import Image
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import Sign1Message

from cards import outputs, services, status_list
from cards.models import Card
from cards.signing import claims, cose, keys
from tests.cards.test_rendering import read_signed_qr

JWKS = "/.well-known/kartu-asn/jwks.json"
STATUS = "/.well-known/kartu-asn/status"


@pytest.fixture(autouse=True)
def own_ring(settings, tmp_path):
    settings.QR_KEY_DIR = tmp_path / "qr_keys"
    settings.QR_SIGNING_KEY = ""


def b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwks(client) -> dict[bytes, dict]:
    return {b64(jwk["kid"]): jwk for jwk in client.get(JWKS).json()["keys"]}


def pycose_verifies(message: bytes, client) -> bytes:
    """The payload of `message`, checked by pycose with the JWKS key its kid names."""
    decoded = Sign1Message.decode(message)
    jwk = jwks(client)[cose.key_id(message)]
    decoded.key = OKPKey(crv=Ed25519, x=b64(jwk["x"]))
    assert decoded.verify_signature()
    return decoded.payload


def payload_of_the_printed_qr(employee_client) -> bytes:
    png = employee_client.get("/layanan/kartu-asn/unduh/depan.png").content
    text = read_signed_qr(Image.open(io.BytesIO(png)))
    return claims.from_fragment(text.split("#", 1)[1])


# ---- JWKS ------------------------------------------------------------------------------


def test_jwks_lists_the_signing_key_as_an_ed25519_jwk_cacheable_for_an_hour(client):
    response = client.get(JWKS)

    (jwk,) = response.json()["keys"]
    assert jwk == {
        "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
        "kid": keys.signing_key().kid_text, "x": jwk["x"],
    }  # fmt: skip
    assert len(b64(jwk["x"])) == 32
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_payload_read_from_a_printed_card_verifies_with_the_jwks_key(employee_client, card):
    message = payload_of_the_printed_qr(employee_client)

    cwt = cbor2.loads(pycose_verifies(message, employee_client))

    assert cwt[claims.CARD_CLAIM][1:4] == [
        card.number, card.employee.full_name, int(card.employee.nip),
    ]  # fmt: skip


def test_a_card_signed_before_a_rotation_still_verifies_with_the_jwks(employee_client, card):
    message = payload_of_the_printed_qr(employee_client)
    old = keys.signing_key()

    new = keys.rotate()

    assert set(jwks(employee_client)) == {old.kid, new.kid}
    assert pycose_verifies(message, employee_client)


def test_a_key_retired_longer_than_a_card_lives_leaves_the_jwks(client):
    old = keys.signing_key()
    new = keys.rotate()
    keys.retire_key(old, timezone.now() - keys.MAX_CARD_LIFE - dt.timedelta(hours=1))

    assert set(jwks(client)) == {new.kid}


# ---- Status list -----------------------------------------------------------------------


def fetch_status(client) -> dict:
    """The status list's claims, once pycose has checked its signature against the JWKS."""
    response = client.get(STATUS)
    assert response.status_code == 200
    return cbor2.loads(pycose_verifies(response.content, client))


def status_of(client, index: int) -> int:
    lst = fetch_status(client)[status_list.STATUS_LIST]["lst"]
    return status_list.status_at(lst, index)


def index_of(card) -> int:
    outputs.qr_content(card)  # drawing the card signs it and gives it its place
    return Card.objects.get(pk=card.pk).status_index


@pytest.fixture
def a_minute_later(monkeypatch):
    """Moves the status list's clock a minute on, so the next request rebuilds the list."""
    minutes = []

    def later():
        minutes.append(1)
        ahead = dt.timedelta(minutes=len(minutes))
        monkeypatch.setattr(status_list.timezone, "now", lambda: dt.datetime.now(dt.UTC) + ahead)

    return later


def test_status_list_is_a_signed_cwt_with_issued_at_and_time_to_live(client, card, settings):
    index = index_of(card)

    response = client.get(STATUS)
    cwt = fetch_status(client)

    assert response["Content-Type"] == "application/statuslist+cwt"
    assert response["Cache-Control"] == "public, max-age=60"
    assert Sign1Message.decode(response.content).phdr[16] == "application/statuslist+cwt"
    assert cwt[status_list.SUB] == settings.PUBLIC_BASE_URL + STATUS
    assert cwt[status_list.TTL] == 60
    assert cwt[status_list.EXPIRES] - cwt[status_list.ISSUED_AT] == 24 * 3600
    assert abs(cwt[status_list.ISSUED_AT] - dt.datetime.now(dt.UTC).timestamp()) < 3600
    assert cwt[status_list.STATUS_LIST]["bits"] == 2
    assert status_list.status_at(cwt[status_list.STATUS_LIST]["lst"], index) == status_list.VALID


def test_a_revoked_card_reads_revoked_as_soon_as_the_revocation_commits(
    client, card, hr_officer, django_capture_on_commit_callbacks
):
    index = index_of(card)
    assert status_of(client, index) == status_list.VALID

    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_card(card, "Kartu hilang", hr_officer)

    assert status_of(client, index) == status_list.REVOKED


def test_a_reissue_marks_the_old_place_replaced_and_the_new_one_valid(
    client, card, hr_officer, django_capture_on_commit_callbacks
):
    old_index = index_of(card)
    client.get(STATUS)

    with django_capture_on_commit_callbacks(execute=True):
        card = services.reissue_card(card, hr_officer)
    assert status_of(client, old_index) == status_list.REPLACED  # before the new card is drawn
    new_index = index_of(card)

    assert new_index != old_index
    assert status_of(client, old_index) == status_list.REPLACED
    assert status_of(client, new_index) == status_list.VALID  # a spare place: zeros


def test_a_revoked_reissue_leaves_its_old_place_replaced(client, card, hr_officer):
    old_index = index_of(card)
    card = services.reissue_card(card, hr_officer)
    new_index = index_of(card)

    services.revoke_card(Card.objects.get(pk=card.pk), "Kartu hilang", hr_officer)

    assert status_of(client, old_index) == status_list.REPLACED
    assert status_of(client, new_index) == status_list.REVOKED


def test_an_unchanged_status_list_is_answered_304_with_its_etag(client, card):
    first = client.get(STATUS)

    again = client.get(STATUS, HTTP_IF_NONE_MATCH=first["ETag"])
    other = client.get(STATUS, HTTP_IF_NONE_MATCH='"something-else"')

    assert first["ETag"].startswith('"')
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, max-age=60"
    assert other.status_code == 200 and other.content == first.content


def test_a_rebuilt_list_has_a_new_etag(client, card, a_minute_later):
    first = client.get(STATUS)
    a_minute_later()

    rebuilt = client.get(STATUS, HTTP_IF_NONE_MATCH=first["ETag"])

    assert rebuilt.status_code == 200 and rebuilt["ETag"] != first["ETag"]


def test_the_list_has_room_for_places_given_before_its_next_rebuild(client, card):
    index = index_of(card)
    places = (
        len(status_list.zlib.decompress(fetch_status(client)[status_list.STATUS_LIST]["lst"])) * 4
    )

    assert places >= index + status_list.SPARE_PLACES and places % status_list.SPARE_PLACES == 0


def test_two_bits_a_place_least_significant_first():
    lst = status_list.compress(6, [(0, 1), (3, 2), (5, 1), (5, 2)])

    assert status_list.zlib.decompress(lst) == bytes([0b10000001, 0b00001000])
    assert [status_list.status_at(lst, i) for i in range(6)] == [1, 0, 0, 2, 0, 2]


def compressed_size(places: int, revoked_share: float, seed: int = 2026) -> int:
    revoked = random.Random(seed).sample(range(places), int(places * revoked_share))
    return len(status_list.compress(places, ((i, status_list.REVOKED) for i in revoked)))


@pytest.mark.parametrize(("share", "at_most"), [(0.001, 16_000), (0.01, 100_000)])
def test_the_list_of_4_3_million_cards_stays_small(share, at_most):
    # The README's figures ("Signed QR"): 4.3 million places, revoked at random positions.
    assert compressed_size(4_300_000, share) <= at_most
