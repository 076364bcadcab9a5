"""Logging a computer in by scanning its QR code with a phone that is already logged in.

The computer's login page asks for a code (create) and shows it as a QR holding
PUBLIC_BASE_URL + /login/qr/<code>/. The phone, logged in, opens that page and approves or
refuses. The computer polls; the poll after an approval consumes the request, and the view
logs that browser in as the approving employee.

Codes carry 144 random bits and only their SHA-256 is stored. A request is bound to the
session that created it (a SHA-256 of its key is stored): the poll finds the request through
that session, so nobody else can be logged in by the code. Every state change is a
conditional UPDATE, so a code is approved at most once and consumed at most once, even by
concurrent requests on different servers.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.login import devices
from accounts.models import Employee, QrLoginRequest

CODE_LIFETIME = timedelta(minutes=2)
SCANNED_LIFETIME = timedelta(minutes=2)  # once scanned, the phone user gets this long to decide
APPROVAL_LIFETIME = timedelta(minutes=1)  # an approval not picked up by then is void
REFRESH_WHEN_SECONDS_LEFT = 20
SESSION_REQUEST_KEY = "_qr_login_request"
Status = QrLoginRequest.Status


class QrLoginError(Exception):
    """A code that cannot be decided on; code is "unknown", "expired" or "decided"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class PollResult:
    status: str  # pending, scanned, approved, refused, expired or none
    expires_in: int = 0
    employee: Employee | None = None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create(request) -> str:
    """A new code for this browser session; the session's previous code stops working."""
    session = request.session
    if session.session_key is None:
        session.save()
    previous = session.get(SESSION_REQUEST_KEY)
    if previous:
        QrLoginRequest.objects.filter(pk=previous, status=Status.PENDING).update(
            status=Status.EXPIRED
        )
    code = secrets.token_urlsafe(18)
    row = QrLoginRequest.objects.create(
        code_hash=_digest(code),
        session_hash=_digest(session.session_key),
        expires_at=timezone.now() + CODE_LIFETIME,
        **devices.request_device(request),
    )
    session[SESSION_REQUEST_KEY] = row.pk
    if cache.add("qr-login:purged-recently", 1, 10 * 60):
        purge_stale()
    return code


def login_url(code: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse("accounts:qr_login_confirm", args=[code])


def find(code: str) -> QrLoginRequest | None:
    return QrLoginRequest.objects.filter(code_hash=_digest(code)).first()


def is_open(row: QrLoginRequest) -> bool:
    return row.status == Status.PENDING and row.expires_at > timezone.now()


def mark_scanned(row: QrLoginRequest) -> None:
    """The phone has the confirmation page open: the computer says so, and stops refreshing."""
    if row.scanned_at or not is_open(row):
        return
    now = timezone.now()
    expires_at = max(row.expires_at, now + SCANNED_LIFETIME)
    QrLoginRequest.objects.filter(pk=row.pk, status=Status.PENDING, scanned_at=None).update(
        scanned_at=now, expires_at=expires_at
    )


def approve(code: str, employee: Employee) -> None:
    _decide(code, employee, Status.APPROVED)


def refuse(code: str, employee: Employee) -> None:
    _decide(code, employee, Status.REFUSED)


def _decide(code: str, employee: Employee, status: str) -> None:
    now = timezone.now()
    decided = QrLoginRequest.objects.filter(
        code_hash=_digest(code), status=Status.PENDING, expires_at__gt=now
    ).update(status=status, decided_by=employee, decided_at=now)
    if not decided:
        row = find(code)
        raise QrLoginError("unknown" if row is None else "decided" if row.decided_at else "expired")


def poll(session) -> PollResult:
    """Where this session's code stands; an approval is consumed here, exactly once."""
    pk, key = session.get(SESSION_REQUEST_KEY), session.session_key
    if pk is None or key is None:
        return PollResult("none")
    row = QrLoginRequest.objects.filter(pk=pk, session_hash=_digest(key)).first()
    if row is None:
        return PollResult("none")
    now = timezone.now()
    if row.status == Status.APPROVED:
        return _consume(row, key, now)
    if row.status != Status.PENDING:
        return PollResult(Status.EXPIRED if row.status == Status.USED else row.status)
    if row.expires_at <= now:
        QrLoginRequest.objects.filter(pk=row.pk, status=Status.PENDING).update(
            status=Status.EXPIRED
        )
        return PollResult(Status.EXPIRED)
    left = int((row.expires_at - now).total_seconds())
    return PollResult("scanned" if row.scanned_at else Status.PENDING, expires_in=left)


def _consume(row: QrLoginRequest, session_key: str, now) -> PollResult:
    used = QrLoginRequest.objects.filter(
        pk=row.pk,
        status=Status.APPROVED,
        session_hash=_digest(session_key),
        decided_at__gt=now - APPROVAL_LIFETIME,
    ).update(status=Status.USED, used_at=now)
    employee = Employee.objects.filter(pk=row.decided_by_id, is_active=True).first()
    if not used or employee is None:
        return PollResult(Status.EXPIRED)
    return PollResult(Status.APPROVED, employee=employee)


def purge_stale() -> int:
    """Delete codes that never let anyone in; approvals, refusals and logins stay on record."""
    cutoff = timezone.now() - timedelta(hours=1)
    stale = QrLoginRequest.objects.filter(
        status__in=[Status.PENDING, Status.EXPIRED], expires_at__lt=cutoff
    )
    return stale.delete()[0]
