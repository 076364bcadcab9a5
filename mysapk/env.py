"""Reading settings from the environment: loud failure on a bad value, never a silent guess."""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_required(name: str, development_default: str, *, debug: bool) -> str:
    """The variable's value; in development a default, in production (debug off) a must."""
    value = os.environ.get(name, "")
    if value:
        return value
    if not debug:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off (see README).")
    return development_default


def development_secret_key(data_dir: Path) -> str:
    # A per-checkout key kept beside the data, so sessions survive a restart of `make run`.
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def qr_signing_key(*, debug: bool) -> str:
    """The Ed25519 key that signs card QR codes: QR_SIGNING_KEY (PEM or base64 raw) or the
    file named by QR_SIGNING_KEY_FILE; required in production. Development signs with a key
    generated under DATA_DIR (cards.signing.keys) when neither is set."""
    value, path = os.environ.get("QR_SIGNING_KEY", ""), os.environ.get("QR_SIGNING_KEY_FILE", "")
    if value and path:
        raise ImproperlyConfigured("Set QR_SIGNING_KEY or QR_SIGNING_KEY_FILE, not both.")
    if path:
        try:
            value = Path(path).read_text()
        except OSError as error:
            raise ImproperlyConfigured(f"QR_SIGNING_KEY_FILE cannot be read: {error}") from None
    if not value.strip() and not debug:
        raise ImproperlyConfigured(
            "QR_SIGNING_KEY (or QR_SIGNING_KEY_FILE) must be set when DEBUG is off (see README)."
        )
    return value.strip()


def email_settings(url: str) -> dict:
    """EMAIL_URL such as smtp://user:password@mail.example.go.id:587?tls=1."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured("EMAIL_URL must start with smtp:// or smtps://")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in ("1", "true"),
    }
