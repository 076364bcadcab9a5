"""The card's signed payload: COSE_Sign1 / CWT with Ed25519, checked against pycose both ways."""

import datetime as dt

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pycose.headers import KID, Algorithm
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import Sign1Message

from cards.signing import claims, cose, keys, qr_text

KEY = keys._from_private(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
NOW = dt.datetime(2026, 11, 25, 3, 2, tzinfo=dt.UTC)
SITI = claims.CardClaims(
    card_number="KASN-2026-7Q4M-9XK2",
    full_name="Dr. Ir. Siti Rahmawati Kusumaningtyas, S.Kom., M.T.",
    nip="198609262015052001",
    asn_type="PNS",
    agency="Badan Kepegawaian Negara",
    status_index=4_299_999,
    issued_at=NOW,
    expires_at=claims.expiry(NOW, None),
)


def pycose_key(private: bool = False) -> OKPKey:
    raw = keys.serialization  # the module cryptography's serialisation lives in
    public = KEY.public.public_bytes(raw.Encoding.Raw, raw.PublicFormat.Raw)
    if not private:
        return OKPKey(crv=Ed25519, x=public)
    secret = KEY.private.private_bytes(raw.Encoding.Raw, raw.PrivateFormat.Raw, raw.NoEncryption())
    return OKPKey(crv=Ed25519, x=public, d=secret)


def our_key_for(kid):
    return KEY.public if kid == KEY.kid else None


def test_our_payload_verifies_with_pycose_and_says_what_the_card_prints():
    message = Sign1Message.decode(claims.sign(SITI, KEY))
    message.key = pycose_key()

    assert message.verify_signature()
    assert message.phdr[Algorithm].identifier == -8 and message.phdr[KID] == KEY.kid
    cwt = cbor2.loads(message.payload)
    assert cwt[6] == int(NOW.timestamp()) and cwt[4] == int(SITI.expires_at.timestamp())
    assert cwt[claims.CARD_CLAIM] == [
        1, SITI.card_number, SITI.full_name, 198609262015052001, "PNS", SITI.agency, 4_299_999,
    ]  # fmt: skip


def test_a_payload_signed_by_pycose_verifies_with_ours():
    body = cbor2.dumps(
        {6: 1, 4: 2, claims.CARD_CLAIM: [1, "KASN-X", "Andi", 198609262015051001, "PPPK", "BKN", 7]}
    )
    message = Sign1Message(phdr={Algorithm: -8, KID: KEY.kid}, payload=body)
    message.key = pycose_key(private=True)

    read = claims.verify(message.encode(), our_key_for)

    assert (read.card_number, read.full_name, read.nip) == ("KASN-X", "Andi", "198609262015051001")
    assert (read.asn_type, read.agency, read.status_index, read.kid) == ("PPPK", "BKN", 7, KEY.kid)


def test_a_round_trip_through_the_qr_digits_gives_back_every_claim():
    digits = claims.to_fragment(claims.sign(SITI, KEY))

    read = claims.verify(claims.from_fragment(digits), our_key_for)

    assert digits.isdigit()
    assert read == SITI.__class__(**{**SITI.__dict__, "kid": KEY.kid})


def test_one_changed_byte_or_another_key_is_refused():
    signed = bytearray(claims.sign(SITI, KEY))
    forged = bytes(signed.replace(b"Siti", b"Sita"))
    other = keys._from_private(Ed25519PrivateKey.generate())

    with pytest.raises(cose.CoseError):
        claims.verify(forged, our_key_for)
    with pytest.raises(cose.CoseError, match="unknown key"):
        claims.verify(claims.sign(SITI, other), our_key_for)
    with pytest.raises(cose.CoseError):
        claims.verify(bytes(signed), lambda kid: other.public)


def test_another_algorithm_is_refused_even_with_a_valid_ed25519_signature():
    protected = cbor2.dumps({1: -7, 4: KEY.kid})  # says ES256
    payload = cbor2.dumps({6: 1})
    to_sign = cbor2.dumps(["Signature1", protected, b"", payload])
    message = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, KEY.private.sign(to_sign)]))

    with pytest.raises(cose.CoseError, match="EdDSA"):
        claims.verify(message, our_key_for)


@pytest.mark.parametrize("junk", [b"", b"\xd2", b"\xff" * 40, cbor2.dumps([1, 2, 3, 4])])
def test_junk_is_refused_as_not_a_payload(junk):
    with pytest.raises(cose.CoseError):
        claims.verify(junk, our_key_for)


@pytest.mark.parametrize("text", ["", "0123", "12a4", "9" * 5000])
def test_fragments_that_are_not_our_digits_are_refused(text):
    with pytest.raises(ValueError):
        claims.from_fragment(text)


def test_a_pppk_payload_expires_at_the_end_of_the_contract_if_sooner():
    soon = claims.expiry(NOW, dt.date(2027, 3, 31))
    late = claims.expiry(NOW, dt.date(2030, 12, 31))

    assert soon == dt.datetime(2027, 3, 31, 17, 0, tzinfo=dt.UTC)  # 1 April 00:00 WIB
    assert late == NOW + dt.timedelta(days=365)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"AB", "BB8"),
        (b"Hello!!", "%69 VD92EX0"),
        (b"base-45", "UJCLQE7W581"),
        (b"ietf!", "QED8WEX0"),
    ],
)
def test_base45_follows_rfc_9285(data, text):
    assert qr_text.b45encode(data) == text
    assert qr_text.b45decode(text) == data


@pytest.mark.parametrize("text", ["GGW", "ZZZ", "a"])
def test_base45_refuses_what_rfc_9285_calls_invalid(text):
    with pytest.raises(ValueError):
        qr_text.b45decode(text)
