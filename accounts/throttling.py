"""Named budgets for requests and failures, counted in the shared cache.

Each budget says which subjects it counts (a NIP, a client address, a browser session) and
which settings size it: at most `limit` uses per `window` seconds per subject, after which
the subject waits one window. With REDIS_URL set the cache is Redis, so every app server
process sees the same counters: a block earned on one server holds on all of them.

Counting uses the cache's atomic add/incr, so parallel requests cannot slip past a limit.
The end of a block is stored as a timestamp and compared with the clock here, so every
process agrees on when it ends.
"""

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Budget:
    limits: Mapping[str, int]  # subject kind -> uses allowed per window
    window: int  # seconds; a block lasts one window too


def budgets() -> dict[str, Budget]:
    """Every budget by name, sized from the settings of the moment."""
    return {
        # Failed password logins: per NIP against guessing, per address against spraying.
        "login": Budget(
            {
                "nip": settings.LOGIN_FAILURE_LIMIT_PER_NIP,
                "address": settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
            },
            settings.LOGIN_LOCKOUT_SECONDS,
        ),
        # QR login: new codes and status polls, per browser session and per address.
        "qr-login-create": Budget(
            {
                "session": settings.QR_LOGIN_CREATE_LIMIT_PER_SESSION,
                "address": settings.QR_LOGIN_CREATE_LIMIT_PER_ADDRESS,
            },
            settings.QR_LOGIN_CREATE_WINDOW_SECONDS,
        ),
        "qr-login-poll": Budget(
            {
                "session": settings.QR_LOGIN_POLL_LIMIT_PER_SESSION,
                "address": settings.QR_LOGIN_POLL_LIMIT_PER_ADDRESS,
            },
            settings.QR_LOGIN_POLL_WINDOW_SECONDS,
        ),
        # Public verification, per address: page views (a QR link, a new captcha picture,
        # the photo) and captcha submissions.
        "verification-view": Budget(
            {"address": settings.VERIFICATION_VIEW_LIMIT}, settings.VERIFICATION_WINDOW_SECONDS
        ),
        "verification-submit": Budget(
            {"address": settings.VERIFICATION_SUBMIT_LIMIT}, settings.VERIFICATION_WINDOW_SECONDS
        ),
        # Photo uploads, per employee: each one is decoded (cards.forms.PhotoUploadForm).
        "photo-upload": Budget(
            {"employee": settings.PHOTO_UPLOAD_LIMIT}, settings.PHOTO_UPLOAD_WINDOW_SECONDS
        ),
    }


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


def spend(budget: str, subjects: Mapping[str, str | None]) -> int:
    """Count one use for every subject; seconds to wait when one of them is blocked, else 0.

    A blocked request counts nothing. The use that exhausts a budget is still allowed: the
    block starts with the next one. Subjects that are None or "" are not counted.
    """
    wait = seconds_to_wait(budget, subjects)
    if not wait:
        for scope, subject, limit, window in _counters(budget, subjects):
            _count(scope, subject, limit, window)
    return wait


def seconds_to_wait(budget: str, subjects: Mapping[str, str | None]) -> int:
    """Seconds until every subject may spend again; 0 when none is blocked. Counts nothing."""
    return max(
        (_blocked_for(scope, subject) for scope, subject, *_ in _counters(budget, subjects)),
        default=0,
    )


def reset(budget: str, subjects: Mapping[str, str | None]) -> None:
    """Forget the subjects' uses and blocks (a correct password clears its NIP's failures)."""
    for scope, subject, *_ in _counters(budget, subjects):
        cache.delete_many([_key(scope, subject), _key(scope + ":block", subject)])


def _counters(budget: str, subjects: Mapping[str, str | None]):
    """(scope, subject, limit, window) for each subject given."""
    spec = budgets()[budget]
    for kind, subject in subjects.items():
        if subject:
            yield f"{budget}:{kind}", subject, spec.limits[kind], spec.window


def _key(scope: str, subject: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{subject}".encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def _blocked_for(scope: str, subject: str) -> int:
    until = cache.get(_key(scope + ":block", subject))
    return max(0, int(until - time.time() + 0.999)) if until else 0


def _count(scope: str, subject: str, limit: int, window: int) -> None:
    """One use; the use that reaches the limit starts a block of one window."""
    key = _key(scope, subject)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        count = 1
    if count >= limit:
        cache.set(_key(scope + ":block", subject), time.time() + window, window)
        cache.delete(key)
