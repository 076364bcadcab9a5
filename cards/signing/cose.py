"""COSE_Sign1 (RFC 9052) with Ed25519, carrying a CWT (RFC 8392), on cbor2 and cryptography.

Only what the card needs: one signer, algorithm EdDSA (-8), the key id in the protected
header, no external AAD. Verification checks the algorithm before the signature.
"""

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

COSE_SIGN1_TAG = 18
CWT_TAG = 61
ALG, KID, CONTENT_TYPE = 1, 4, 3  # header parameters
EDDSA = -8


class CoseError(ValueError):
    """Not a COSE_Sign1 we accept: malformed, another algorithm, or a bad signature."""


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign1(
    payload: bytes, key: Ed25519PrivateKey, kid: bytes, extra_protected: dict | None = None
) -> bytes:
    protected = cbor2.dumps({ALG: EDDSA, KID: kid, **(extra_protected or {})})
    signature = key.sign(_sig_structure(protected, payload))
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))


def parse_sign1(message: bytes) -> tuple[dict, bytes, bytes, bytes]:
    """(protected header, its bytes, payload, signature) of a tagged or untagged COSE_Sign1."""
    try:
        item = cbor2.loads(message)
    except (cbor2.CBORDecodeError, ValueError, EOFError) as error:
        raise CoseError("not CBOR") from error
    if isinstance(item, cbor2.CBORTag) and item.tag == CWT_TAG:
        item = item.value
    if isinstance(item, cbor2.CBORTag):
        if item.tag != COSE_SIGN1_TAG:
            raise CoseError("not a COSE_Sign1")
        item = item.value
    if not (isinstance(item, list | tuple) and len(item) == 4):
        raise CoseError("not a COSE_Sign1")
    protected_bytes, unprotected, payload, signature = item
    if not all(isinstance(x, bytes) for x in (protected_bytes, payload, signature)):
        raise CoseError("not a COSE_Sign1")
    try:
        protected = cbor2.loads(protected_bytes) if protected_bytes else {}
    except (cbor2.CBORDecodeError, ValueError, EOFError) as error:
        raise CoseError("bad protected header") from error
    if not isinstance(protected, dict) or not isinstance(unprotected, dict):
        raise CoseError("bad header")
    return {**unprotected, **protected}, protected_bytes, payload, signature


def key_id(message: bytes) -> bytes:
    headers = parse_sign1(message)[0]
    kid = headers.get(KID)
    if not isinstance(kid, bytes):
        raise CoseError("no key id")
    return kid


def verify1(message: bytes, public_key: Ed25519PublicKey) -> bytes:
    """The payload, once the signature is checked with `public_key`; CoseError otherwise."""
    headers, protected_bytes, payload, signature = parse_sign1(message)
    if headers.get(ALG) != EDDSA:
        raise CoseError("algorithm is not EdDSA")
    try:
        public_key.verify(signature, _sig_structure(protected_bytes, payload))
    except InvalidSignature as error:
        raise CoseError("bad signature") from error
    return payload
