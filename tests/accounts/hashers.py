"""A password hasher that writes a line for every password it hashes, to count checks.

Installed through settings, in this process or in a live server's (tests/accounts/
live_settings.py), it shows how many passwords a burst of logins really tested.
"""

import os
from pathlib import Path

from django.conf import settings

from accounts.hashers import PortalArgon2PasswordHasher

COUNTING_HASHER = "tests.accounts.hashers.CountingArgon2Hasher"


class CountingArgon2Hasher(PortalArgon2PasswordHasher):
    """The portal's hasher (same algorithm name, so it reads the same hashes), counted."""

    def encode(self, password, salt):
        _note()
        return super().encode(password, salt)

    def verify(self, password, encoded):
        _note()
        return super().verify(password, encoded)


def _note():
    # One small O_APPEND write per hash: whole lines even with several server processes.
    fd = os.open(settings.PASSWORD_CHECK_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, b"hash\n")
    finally:
        os.close(fd)


def counting_hashers(hashers: list[str]) -> list[str]:
    """PASSWORD_HASHERS with the portal's first hasher replaced by the counting one."""
    assert hashers[0] == "accounts.hashers.PortalArgon2PasswordHasher"
    return [COUNTING_HASHER, *hashers[1:]]


def password_checks(log: str | Path) -> int:
    log = Path(log)
    return log.read_text().count("hash\n") if log.exists() else 0
