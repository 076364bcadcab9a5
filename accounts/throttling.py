"""Named budgets for requests and failures, counted in the shared cache.

Each budget says which subjects it counts (a NIP, a client address, a browser session) and
which settings size it: at most `limit` uses per `window` seconds per subject, after which
the subject waits one window. With REDIS_URL set the cache is Redis, so every app server
process sees the same counters: a block earned on one server holds on all of them.

A use is reserved before the work it pays for (a password hash, an e-mail, a page): each
request takes the next number from the cache's atomic counter, and only numbers up to the
limit go ahead. So N parallel requests can never get more than the limit through, however
they interleave. A refused request gives its number back; a use that turned out not to count
(a login that succeeded) is given back with release().

The end of a block is also stored as a timestamp and compared with the clock here, so every
process agrees on when it ends.
"""

import hashlib
import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


@dataclass(frozen=True)
class Budget:
    limits: Mapping[str, int]  # subject kind -> uses allowed per window
    window: int  # seconds; a block lasts one window too


def budgets() -> dict[str, Budget]:
    """Every budget by name, sized from the settings of the moment."""
    return {
        # Password logins, reserved before the password is checked and given back when it was
        # right: per NIP against guessing (a lockout), per address against spraying (past it
        # the login form asks for a captcha, so colleagues behind the same NAT can still log in).
        "login": Budget(
            {
                "nip": settings.LOGIN_FAILURE_LIMIT_PER_NIP,
                "address": settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
            },
            settings.LOGIN_LOCKOUT_SECONDS,
        ),
        # "Lupa Kata Sandi" requests, per NIP against mail bombing, per address against both.
        "password-reset": Budget(
            {
                "nip": settings.PASSWORD_RESET_LIMIT_PER_NIP,
                "address": settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            },
            settings.PASSWORD_RESET_WINDOW_SECONDS,
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
        # Verification by a logged-in employee, who is spared the captcha: per account.
        "verification-account": Budget(
            {"employee": settings.VERIFICATION_ACCOUNT_LIMIT}, settings.VERIFICATION_WINDOW_SECONDS
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


def client_key(request) -> str:
    """The "address" subject of every budget: an IPv4 address, or an IPv6 client's /64.

    An IPv6 subscriber is given a whole /64 and may use a new address for every request,
    so counting full IPv6 addresses would count nothing. An IPv4-mapped IPv6 address (from a
    dual-stack socket) is its IPv4 address. Anything unreadable shares one key: fail closed.
    """
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return "unreadable"
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def spend(budget: str, subjects: Mapping[str, str | None]) -> int:
    """Reserve one use for every subject; 0 when all of them fit, else seconds to wait.

    All or nothing: a refused request keeps no use of any subject. The use that reaches a
    limit still goes ahead: the block starts with the next one. Subjects that are None or ""
    are not counted.
    """
    reserved = []
    for counter in _counters(budget, subjects):
        wait = _reserve(*counter)
        if wait:
            _give_back(reserved)
            return wait
        reserved.append(counter)
    return 0


def release(budget: str, subjects: Mapping[str, str | None]) -> None:
    """Give back a use reserved by spend() that turned out not to count."""
    _give_back(_counters(budget, subjects))


def seconds_to_wait(budget: str, subjects: Mapping[str, str | None]) -> int:
    """Seconds until every subject may spend again; 0 when none is blocked. Counts nothing."""
    return max((_blocked_for(*counter) for counter in _counters(budget, subjects)), default=0)


def reset(budget: str, subjects: Mapping[str, str | None]) -> None:
    """Forget the subjects' uses and blocks (a correct password clears its NIP's failures)."""
    for scope, subject, *_ in _counters(budget, subjects):
        cache.delete_many([_key(scope, subject), _key(scope + ":until", subject)])


def _counters(budget: str, subjects: Mapping[str, str | None]):
    """(scope, subject, limit, window) for each subject given."""
    spec = budgets()[budget]
    for kind, subject in subjects.items():
        if subject:
            yield f"{budget}:{kind}", subject, spec.limits[kind], spec.window


def _key(scope: str, subject: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{subject}".encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def _reserve(scope: str, subject: str, limit: int, window: int) -> int:
    """Take the next number; 0 if it is within the limit, else seconds to wait (given back)."""
    key, until_key = _key(scope, subject), _key(scope + ":until", subject)
    count = _increment(key, window)
    if count == limit:
        # This use exhausts the budget: the count lives on through a block of one window.
        cache.set(until_key, time.time() + window, window)
        cache.touch(key, window)
    if count <= limit:
        return 0
    until = cache.get(until_key)
    if until is not None and until <= time.time():
        # The block is over by the clock here while the count lives on in the cache (clocks
        # apart, or a test moving the clock): start counting afresh.
        cache.delete_many([key, until_key])
        return _reserve(scope, subject, limit, window)
    _give_back([(scope, subject)])
    return _seconds_until(until) or window


# One round trip on Redis: the count goes up and a new count gets its window's expiry, in
# one atomic step (Django's cache.incr alone is two round trips, EXISTS then INCRBY).
INCREMENT_LUA = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
_increment_script = None


def _redis_increment(key: str, window: int) -> int | None:
    """The count after this use, through the Lua script; None when the cache is not Redis."""
    global _increment_script
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    full_key = backend.make_and_validate_key(key)
    client = _redis_client(backend)
    if _increment_script is None:
        _increment_script = client.register_script(INCREMENT_LUA)
    return int(_increment_script(keys=[full_key], args=[window], client=client))


_client = None


def _redis_client(backend: RedisCache):
    """The writing client of the cache's Redis, made once per connection pool.

    Django's cache builds a new redis-py client for every command, which costs more than
    the round trip itself on the busiest page.
    """
    global _client
    pool = backend._cache._get_connection_pool(write=True)
    client = _client
    if client is None or client.connection_pool is not pool:
        client = _client = backend._cache._client(connection_pool=pool)
    return client


def _increment(key: str, window: int) -> int:
    count = _redis_increment(key, window)
    if count is not None:
        return count
    try:
        count = cache.incr(key)
    except ValueError:  # no count yet in this window
        cache.add(key, 0, window)
        count = cache.incr(key)
    if count == 1:
        # Redis' INCR recreates a key that expired just after Django checked it exists, and
        # without an expiry: make sure a new count always ends with its window.
        cache.touch(key, window)
    return count


def _give_back(counters) -> None:
    for scope, subject, *_ in counters:
        key = _key(scope, subject)
        try:
            if cache.decr(key) < 0:
                cache.delete(key)  # it had expired and came back without an expiry
        except ValueError:  # expired meanwhile: nothing left to give back
            pass


def _blocked_for(scope: str, subject: str, limit: int, window: int) -> int:
    key, until_key = _key(scope, subject), _key(scope + ":until", subject)
    values = cache.get_many([key, until_key])
    if values.get(key, 0) < limit:
        return 0
    until = values.get(until_key)
    return _seconds_until(until) if until is not None else window


def _seconds_until(until: float | None) -> int:
    return max(0, int(until - time.time() + 0.999)) if until else 0
