"""The QR signing keys: Ed25519, each named by a key id, kept as a key ring on disk.

The key that signs is ``settings.QR_SIGNING_KEY`` (production: from the environment or a key
file, required) or, in development, the newest unretired key of the ring in
``settings.QR_KEY_DIR`` (one is generated under DATA_DIR when there is none). The ring also
remembers retired keys: a card signed with one stays valid until its expiry, so its public
key stays published for the longest life of a card after it was retired.
"""

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

MAX_CARD_LIFE = dt.timedelta(days=366)  # one year, a leap day included


@dataclass(frozen=True)
class QrKey:
    kid: bytes
    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None = None
    created: dt.datetime | None = None
    retired: dt.datetime | None = None

    @property
    def kid_text(self) -> str:
        return b64url(self.kid)

    def jwk(self) -> dict:
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
                "kid": self.kid_text, "x": b64url(raw)}  # fmt: skip


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def kid_for(public: Ed25519PublicKey) -> bytes:
    """8 bytes of SHA-256 of the raw public key: the same key always has the same id."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:8]


def parse_private_key(text: str) -> Ed25519PrivateKey:
    """A PEM (PKCS#8) private key, or the 32 raw bytes in base64 / base64url."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_") + "==")
            key = Ed25519PrivateKey.from_private_bytes(raw)
    except (ValueError, TypeError, binascii.Error) as error:
        raise ImproperlyConfigured(
            "QR_SIGNING_KEY must be an Ed25519 private key (PEM or base64 raw)"
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("QR_SIGNING_KEY must be an Ed25519 key")
    return key


def private_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def _from_private(key: Ed25519PrivateKey, **meta) -> QrKey:
    return QrKey(kid_for(key.public_key()), key.public_key(), key, **meta)


# ---- The ring on disk: <kid>.pem (private key, when on this machine) + <kid>.json ----------


def ring_dir() -> Path:
    return Path(settings.QR_KEY_DIR)


def ring() -> list[QrKey]:
    """Every key the ring knows, newest first."""
    folder = ring_dir()
    keys = []
    for meta_file in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        meta = json.loads(meta_file.read_text())
        pem = folder / f"{meta_file.stem}.pem"
        public = serialization.load_pem_public_key(meta["public"].encode())
        private = parse_private_key(pem.read_text()) if pem.exists() else None
        keys.append(
            QrKey(
                kid_for(public),
                public,
                private,
                _time(meta.get("created")),
                _time(meta.get("retired")),
            )
        )
    return sorted(keys, key=lambda k: k.created or timezone.now(), reverse=True)


def _time(value):
    return dt.datetime.fromisoformat(value) if value else None


def save_to_ring(key: QrKey, *, with_private: bool = True) -> None:
    folder = ring_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = key.kid_text
    if with_private and key.private is not None:
        pem = folder / f"{name}.pem"
        fd = os.open(pem, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(private_pem(key.private))
    public_pem = key.public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    meta = {
        "public": public_pem,
        "created": (key.created or timezone.now()).isoformat(),
        "retired": key.retired.isoformat() if key.retired else None,
    }
    (folder / f"{name}.json").write_text(json.dumps(meta, indent=1))


def create_key() -> QrKey:
    key = _from_private(Ed25519PrivateKey.generate(), created=timezone.now())
    save_to_ring(key)
    return key


def retire_key(key: QrKey, when: dt.datetime | None = None, *, keep_private=True) -> QrKey:
    retired = QrKey(key.kid, key.public, key.private, key.created, when or timezone.now())
    save_to_ring(retired, with_private=keep_private)
    return retired


def rotate() -> QrKey:
    """A new signing key; every other key is retired from now and stays published.

    The configured key (production) is remembered by its public half only: its private half
    stays where the operator keeps it, and they point QR_SIGNING_KEY_FILE at the new key.
    """
    in_ring = {k.kid: k for k in ring()}
    configured = configured_key()
    if configured is not None and configured.kid not in in_ring:
        retire_key(configured, keep_private=False)
    for key in in_ring.values():
        if key.retired is None:
            retire_key(key)
    return create_key()


# ---- What signs and what is published ---------------------------------------------------


def configured_key() -> QrKey | None:
    text = getattr(settings, "QR_SIGNING_KEY", "")
    return _from_private(parse_private_key(text)) if text else None


def signing_key() -> QrKey:
    configured = configured_key()
    if configured is not None:
        return configured
    usable = [k for k in ring() if k.private is not None and k.retired is None]
    if usable:
        return usable[0]
    # Development only: production settings refuse to start without QR_SIGNING_KEY.
    return create_key()


def published_keys(now: dt.datetime | None = None) -> list[QrKey]:
    """The active key and every retired key a card that is not yet expired may carry."""
    now = now or timezone.now()
    keys = {}
    for key in [signing_key(), *ring()]:
        if key.retired is None or key.retired + MAX_CARD_LIFE > now:
            keys.setdefault(key.kid, key)
    return list(keys.values())


def public_key(kid: bytes) -> Ed25519PublicKey | None:
    return next((k.public for k in published_keys() if k.kid == kid), None)
