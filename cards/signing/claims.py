"""The card's signed payload: a CWT of only what the card prints.

Claims: iat (6) and exp (4) as in RFC 8392, and one private-use claim (-65537) holding an
array, smaller in the QR code than named fields:
``[1 (layout version), card number, name with titles, NIP (a number), ASN type, agency,
status index]``.
The payload is written into the QR code as decimal digits (see ``qr_text``).
"""

import datetime as dt
from dataclasses import dataclass

import cbor2

from cards.signing import cose, keys, qr_text

CARD_CLAIM = -65537
CLAIMS_VERSION = 1
LIFETIME = dt.timedelta(days=365)


@dataclass(frozen=True)
class CardClaims:
    card_number: str
    full_name: str
    nip: str
    asn_type: str
    agency: str
    status_index: int
    issued_at: dt.datetime
    expires_at: dt.datetime
    kid: bytes = b""


def expiry(issued_at: dt.datetime, contract_end: dt.date | None) -> dt.datetime:
    """One year after signing, or the end of the PPPK contract's last day if sooner."""
    expires = issued_at + LIFETIME
    if contract_end is not None:
        end = dt.datetime.combine(contract_end + dt.timedelta(days=1), dt.time(), dt.UTC)
        expires = min(expires, end - dt.timedelta(hours=7))  # midnight WIB (UTC+7)
    return expires


def sign(claims: CardClaims, key: keys.QrKey | None = None) -> bytes:
    key = key or keys.signing_key()
    body = [
        CLAIMS_VERSION,
        claims.card_number,
        claims.full_name,
        int(claims.nip),  # 18 digits as a number: 9 bytes instead of 19
        claims.asn_type,
        claims.agency,
        claims.status_index,
    ]
    payload = cbor2.dumps(
        {
            6: int(claims.issued_at.timestamp()),
            4: int(claims.expires_at.timestamp()),
            CARD_CLAIM: body,
        }  # fmt: skip
    )
    return cose.sign1(payload, key.private, key.kid)


def verify(message: bytes, public_key_for=keys.public_key) -> CardClaims:
    """The claims of a signed payload; cose.CoseError when it is not one of ours or forged."""
    kid = cose.key_id(message)
    public = public_key_for(kid)
    if public is None:
        raise cose.CoseError("unknown key")
    payload = cose.verify1(message, public)
    try:
        cwt = cbor2.loads(payload)
        version, number, name, nip, asn_type, agency, index = cwt[CARD_CLAIM]
        issued, expires = cwt[6], cwt[4]
        nip = f"{nip:018d}"
    except (cbor2.CBORDecodeError, ValueError, EOFError, KeyError, TypeError) as error:
        raise cose.CoseError("not a card payload") from error
    if version != CLAIMS_VERSION:
        raise cose.CoseError("unknown payload version")
    return CardClaims(
        number, name, nip, asn_type, agency, index,
        dt.datetime.fromtimestamp(issued, dt.UTC), dt.datetime.fromtimestamp(expires, dt.UTC),
        kid,
    )  # fmt: skip


def to_fragment(message: bytes) -> str:
    return qr_text.to_digits(message)


def from_fragment(text: str) -> bytes:
    return qr_text.from_digits(text)
