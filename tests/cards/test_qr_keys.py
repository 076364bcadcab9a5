"""`manage.py qr_keys`: listing, creating and rotating the keys that sign card QR codes."""

import datetime as dt
import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from cards.signing import keys


@pytest.fixture(autouse=True)
def empty_ring(settings, tmp_path):
    settings.QR_KEY_DIR = tmp_path / "qr_keys"
    settings.QR_SIGNING_KEY = ""
    return settings.QR_KEY_DIR


def qr_keys(*args) -> str:
    out = io.StringIO()
    call_command("qr_keys", *args, stdout=out)
    return out.getvalue()


def test_list_of_an_empty_ring_says_so_and_creates_nothing(empty_ring):
    assert "no key yet" in qr_keys("list")
    assert keys.ring() == []


def test_create_makes_the_signing_key_with_its_private_file(empty_ring):
    output = qr_keys("create")

    (key,) = keys.ring()
    assert key.kid_text in output
    assert keys.signing_key().kid == key.kid
    pem = empty_ring / f"{key.kid_text}.pem"
    assert pem.exists() and pem.stat().st_mode & 0o777 == 0o600


def test_create_refuses_when_the_ring_has_an_active_key():
    qr_keys("create")

    with pytest.raises(CommandError, match="rotate"):
        qr_keys("create")
    assert len(keys.ring()) == 1


def test_rotate_signs_with_a_new_key_and_keeps_the_old_one_published():
    qr_keys("create")
    old = keys.signing_key()

    qr_keys("rotate")

    new = keys.signing_key()
    assert new.kid != old.kid
    assert {k.kid for k in keys.published_keys()} == {new.kid, old.kid}
    (retired,) = [k for k in keys.ring() if k.kid == old.kid]
    assert retired.retired is not None


def test_a_key_retired_longer_than_a_card_lives_is_no_longer_published():
    qr_keys("create")
    old = keys.signing_key()
    qr_keys("rotate")
    long_ago = dt.datetime.now(dt.UTC) - keys.MAX_CARD_LIFE - dt.timedelta(days=1)
    keys.retire_key(old, long_ago)

    assert old.kid not in {k.kid for k in keys.published_keys()}
    assert f"{old.kid_text}" in qr_keys("list")
    assert "no longer published" in qr_keys("list")


def test_list_tells_what_each_key_does():
    qr_keys("create")
    old = keys.signing_key()
    qr_keys("rotate")
    new = keys.signing_key()

    lines = {line.split()[0]: line for line in qr_keys("list").splitlines()[1:]}

    assert lines[new.kid_text].endswith("signing")
    assert "published until" in lines[old.kid_text]


def test_rotate_in_production_remembers_the_configured_key_by_its_public_half(settings):
    configured = Ed25519PrivateKey.generate()
    settings.QR_SIGNING_KEY = keys.private_pem(configured)
    kid = keys.kid_for(configured.public_key())

    output = qr_keys("rotate")

    assert "QR_SIGNING_KEY_FILE" in output
    (remembered,) = [k for k in keys.ring() if k.kid == kid]
    assert remembered.private is None and remembered.retired is not None
    assert kid in {k.kid for k in keys.published_keys()}
