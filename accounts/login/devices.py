"""The browsers logged in to an employee's account ("Perangkat yang masuk").

A LoginSession row is written at every login (the user_logged_in signal) and points at the
session in the session store. The store decides what is alive: a row whose session has
expired, been logged out, or been invalidated by a password change is stale and pruned.

A browser logged out from another device also loses what it kept of the account (the card
kept for use without network): its session key is noted for as long as its cookie can live,
and the first request that still carries that cookie is answered with Clear-Site-Data.
"""

import hashlib
import ipaddress
import time
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.login.sessions import SESSION_STARTED_KEY
from accounts.models import Employee, LoginSession, QrLoginRequest
from accounts.throttling import client_address

DEVICE_SESSION_KEY = "_login_session_id"
SEEN_SESSION_KEY = "_login_session_seen"
SEEN_EVERY_SECONDS = 5 * 60
ENDED_ELSEWHERE_KEY = "akun:sesi-diakhiri:{}"
CLEAR_SITE_DATA = '"cache", "storage"'

# Order matters: Edge, Opera and Samsung Internet also say "Chrome"; Chrome also says "Safari".
_BROWSERS = [
    ("Edg", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]  # fmt: skip
_PLATFORMS = [
    ("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
    ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
]  # fmt: skip


def browser_and_platform(user_agent: str) -> tuple[str, str]:
    """("Chrome", "Windows") from a User-Agent header; "" where it is not recognised."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    platform = next((name for marker, name in _PLATFORMS if marker in user_agent), "")
    return browser, platform


def describe(browser: str, platform: str) -> str:
    """The browser as people name the computer they sit at: "Chrome di Windows"."""
    if browser and platform:
        return _("%(browser)s di %(platform)s") % {"browser": browser, "platform": platform}
    return browser or platform or _("Peramban tidak dikenal")


def masked_address(address: str | None) -> str:
    """Enough of the address to recognise a network (36.81.x.x), not to single out a person."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return _("tidak diketahui")
    if ip.version == 4:
        return ".".join(str(ip).split(".")[:2] + ["x", "x"])
    return ":".join(ip.exploded.split(":")[:3]) + ":…"


def labelled(row):
    """The row with .device_name and .shown_address for templates."""
    row.device_name = describe(row.browser, row.platform)
    row.shown_address = masked_address(row.address)
    return row


def request_device(request) -> dict:
    browser, platform = browser_and_platform(request.META.get("HTTP_USER_AGENT", "")[:512])
    return {"browser": browser, "platform": platform, "address": _valid_ip(client_address(request))}


def _valid_ip(address: str) -> str | None:
    # A forwarded-for entry can be anything; PostgreSQL's inet column would reject it.
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record_login(request, employee: Employee) -> LoginSession:
    """Remember the session that just logged in; called for every login, any way it happened."""
    session = request.session
    if session.session_key is None:  # login() flushed a session that belonged to someone else
        session.save()
    via = getattr(request, "login_via", LoginSession.Via.PASSWORD)
    row, _created = LoginSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"employee": employee, "via": via, **request_device(request),
                  "created_at": timezone.now(), "last_seen_at": timezone.now()},
    )  # fmt: skip
    session[DEVICE_SESSION_KEY], session[SEEN_SESSION_KEY] = row.pk, time.time()
    oldest = timezone.now() - timedelta(seconds=settings.SESSION_MAX_LIFETIME)
    employee.login_sessions.filter(created_at__lt=oldest).delete()
    return row


def forget_login(request) -> None:
    if request is not None and request.session.session_key:
        LoginSession.objects.filter(session_key=request.session.session_key).delete()


def touch(request, force: bool = False) -> None:
    """Note that this session is in use, at most every few minutes.

    Also follows the session key when it rotates without a new login (a password change).
    """
    session, now = request.session, time.time()
    if not force and now - session.get(SEEN_SESSION_KEY, 0) < SEEN_EVERY_SECONDS:
        return
    updated = LoginSession.objects.filter(
        pk=session.get(DEVICE_SESSION_KEY), employee=request.user
    ).update(last_seen_at=timezone.now(), session_key=session.session_key)
    if not updated:  # a session from before devices were recorded
        record_login(request, request.user)
    session[SEEN_SESSION_KEY] = now


class LastSeenMiddleware:
    """Keeps "terakhir aktif" current; goes after sessions.SessionLifetimeMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            touch(request)
        elif user is not None and _ended_elsewhere(request):
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


def _ended_key(session_key: str) -> str:
    # The key is a dead bearer secret by now; still, only its digest is stored.
    return ENDED_ELSEWHERE_KEY.format(hashlib.sha256(session_key.encode()).hexdigest()[:32])


def _ended_elsewhere(request) -> bool:
    """Whether this anonymous request carries the cookie of a session logged out from another
    device. Asked once: Django drops the dead cookie in this same response."""
    cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    # A cookie whose session the store no longer has leaves the session without a key.
    if not cookie or request.session.session_key is not None:
        return False
    return bool(cache.delete(_ended_key(cookie)))


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _is_alive(row: LoginSession, employee: Employee) -> bool:
    """What the session store and AuthenticationMiddleware would say of this session."""
    data = _session_store()(session_key=row.session_key).load()
    started = data.get(SESSION_STARTED_KEY, time.time())
    return (
        data.get(SESSION_KEY) == str(employee.pk)
        and constant_time_compare(data.get(HASH_SESSION_KEY, ""), employee.get_session_auth_hash())
        and time.time() - started <= settings.SESSION_MAX_LIFETIME
    )


def logged_in_devices(employee: Employee) -> list[LoginSession]:
    """The employee's live sessions, most recently active first; stale rows are deleted."""
    rows = list(employee.login_sessions.all())
    stale = [row.pk for row in rows if not _is_alive(row, employee)]
    if stale:
        LoginSession.objects.filter(pk__in=stale).delete()
    return [labelled(row) for row in rows if row.pk not in stale]


def log_out_device(row: LoginSession) -> None:
    """End that browser's session: its next request is anonymous and wipes what it kept."""
    _session_store()(session_key=row.session_key).delete()
    # Its cookie lives at most SESSION_COOKIE_AGE after the session was last saved.
    cache.set(_ended_key(row.session_key), 1, settings.SESSION_COOKIE_AGE)
    row.delete()


def log_out_other_devices(employee: Employee, current_session_key: str | None) -> int:
    rows = list(employee.login_sessions.exclude(session_key=current_session_key or ""))
    for row in rows:
        log_out_device(row)
    return len(rows)


def forget_old_addresses(days: int) -> int:
    """Blank the network address of logins and QR-login codes older than `days` days.

    The rows stay (who logged in, when, with what browser: the employee's own history); the
    address is personal data kept only as long as the scan log keeps the verifier's.
    """
    cutoff = timezone.now() - timedelta(days=days)
    sessions = LoginSession.objects.filter(last_seen_at__lt=cutoff, address__isnull=False)
    codes = QrLoginRequest.objects.filter(created_at__lt=cutoff, address__isnull=False)
    return sessions.update(address=None) + codes.update(address=None)
