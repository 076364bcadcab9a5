"""Counting failures and requests in the shared cache.

With REDIS_URL set the cache is Redis, so every app server process sees the same
counters: a lockout earned on one server holds on all of them.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far as TRUSTED_PROXIES says.

    Each trusted proxy appends the address it received from, so the client is the
    entry TRUSTED_PROXIES places from the right; anything further left is client-made.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [p for p in chain if p]
        if len(chain) >= proxies:
            address = chain[-proxies]
    return address


def _key(scope: str, subject: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{subject}".encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


class Throttle:
    """At most `limit` hits per `window` seconds per subject, then blocked for `lockout` seconds.

    Counting uses the cache's atomic add/incr, so parallel requests cannot slip past the
    limit. The end of a block is stored as a timestamp and compared with the clock here,
    so every process agrees on when it ends.
    """

    def __init__(self, scope: str, limit: int, window: int, lockout: int):
        self.scope, self.limit, self.window, self.lockout = scope, limit, window, lockout

    def blocked_for(self, subject: str) -> int:
        """Seconds until the subject may try again; 0 when it is not blocked."""
        until = cache.get(_key(self.scope + ":block", subject))
        return max(0, int(until - time.time() + 0.999)) if until else 0

    def hit(self, subject: str) -> bool:
        """Count one hit; True when this hit starts a block."""
        key = _key(self.scope, subject)
        cache.add(key, 0, self.window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, self.window)
            count = 1
        if count < self.limit:
            return False
        cache.set(_key(self.scope + ":block", subject), time.time() + self.lockout, self.lockout)
        cache.delete(key)
        return True

    def reset(self, subject: str) -> None:
        cache.delete_many([_key(self.scope, subject), _key(self.scope + ":block", subject)])


def login_throttles() -> list[tuple[str, Throttle]]:
    """Failed logins are limited per NIP (guessing one password) and per address (spraying)."""
    lockout = settings.LOGIN_LOCKOUT_SECONDS
    return [
        ("nip", Throttle("login-nip", settings.LOGIN_FAILURE_LIMIT_PER_NIP, lockout, lockout)),
        (
            "address",
            Throttle("login-addr", settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS, lockout, lockout),
        ),
    ]
