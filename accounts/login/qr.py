"""Logging a computer in by scanning its QR code with a phone that is already logged in.

The computer's login page asks for a code (create) and shows it as a QR holding
PUBLIC_BASE_URL + /login/qr/<code>/, with a two-digit number beside it. The phone, logged in,
opens that page and approves by picking that number among a few, or refuses. The computer
polls; the poll after an approval consumes the request, and the view logs that browser in as
the approving employee, with the approving session's 12-hour clock.

Number matching is what stops a phished approval: someone who sends the employee a link to
their own code has the number on their screen, not on the employee's. One pick only: a wrong
number refuses the request, so guessing succeeds at most one time in NUMBER_CHOICES and costs
the sender a new code and a new victim's tap.

Codes carry 144 random bits and only their SHA-256 is stored. A request is bound to the
session that created it (a SHA-256 of its key is stored): the poll finds the request through
that session, so nobody else can be logged in by the code. Every state change is a
conditional UPDATE, so a code is approved at most once and consumed at most once, even by
concurrent requests on different servers.
"""

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
NUMBER_CHOICES = 3  # numbers the phone offers, one of them the computer's
SESSION_REQUEST_KEY = "_qr_login_request"
SESSION_QR_LOGIN_KEY = "_logged_in_by_qr"
Status = QrLoginRequest.Status
_csprng = random.SystemRandom()


class QrLoginError(Exception):
    """A code that is not approved; code is "unknown", "expired", "decided" or "mismatch"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class PollResult:
    status: str  # pending, scanned, approved, refused, mismatch, expired or none
    expires_in: int = 0
    employee: Employee | None = None
    session_started_at: float | None = None  # the approving session's, for SESSION_STARTED_KEY


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create(request) -> tuple[str, int]:
    """A new code and its number for this browser session; the previous code stops working."""
    session = request.session
    if session.session_key is None:
        session.save()
    previous = session.get(SESSION_REQUEST_KEY)
    if previous:
        QrLoginRequest.objects.filter(pk=previous, status=Status.PENDING).update(
            status=Status.EXPIRED
        )
    code = secrets.token_urlsafe(18)
    choices = _csprng.sample(range(10, 100), NUMBER_CHOICES)  # no leading zero to misread
    row = QrLoginRequest.objects.create(
        code_hash=_digest(code),
        session_hash=_digest(session.session_key),
        number=_csprng.choice(choices),
        number_choices=" ".join(map(str, choices)),
        expires_at=timezone.now() + CODE_LIFETIME,
        **devices.request_device(request),
    )
    session[SESSION_REQUEST_KEY] = row.pk
    if cache.add("qr-login:purged-recently", 1, 10 * 60):
        purge_stale()
    return code, row.number


def login_url(code: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse("accounts:qr_login_confirm", args=[code])


def find(code: str) -> QrLoginRequest | None:
    return QrLoginRequest.objects.filter(code_hash=_digest(code)).first()


def is_open(row: QrLoginRequest) -> bool:
    return row.status == Status.PENDING and row.expires_at > timezone.now()


def number_choices(row: QrLoginRequest) -> list[int]:
    """The numbers the phone offers, in the random order drawn with the code."""
    return [int(number) for number in row.number_choices.split()]


def mark_scanned(row: QrLoginRequest) -> None:
    """The phone has the confirmation page open: the computer says so, and stops refreshing."""
    if row.scanned_at or not is_open(row):
        return
    now = timezone.now()
    expires_at = max(row.expires_at, now + SCANNED_LIFETIME)
    QrLoginRequest.objects.filter(pk=row.pk, status=Status.PENDING, scanned_at=None).update(
        scanned_at=now, expires_at=expires_at
    )


def approve(code: str, employee: Employee, number: int | None, session_started_at: float) -> None:
    """Approve if `number` is the computer's; any other number refuses the request for good.

    The login that follows ends when the approving session would: session_started_at is that
    session's SESSION_STARTED_KEY, so a session cannot renew its 12 hours through a QR code.
    """
    started = datetime.fromtimestamp(session_started_at, tz=UTC)
    if _decide(code, employee, Status.APPROVED, number, approver_session_started_at=started):
        return
    if _decide(code, employee, Status.MISMATCH):
        raise QrLoginError("mismatch")
    _raise_why(code)


def refuse(code: str, employee: Employee) -> None:
    if not _decide(code, employee, Status.REFUSED):
        _raise_why(code)


def _decide(code: str, employee: Employee, status: str, number=None, **changes) -> bool:
    """One conditional UPDATE of the open request; an approval also needs the right number."""
    now = timezone.now()
    rows = QrLoginRequest.objects.filter(
        code_hash=_digest(code), status=Status.PENDING, expires_at__gt=now
    )
    if status == Status.APPROVED:
        rows = rows.filter(number=number)  # None matches no row: no number, no approval
    return bool(rows.update(status=status, decided_by=employee, decided_at=now, **changes))


def _raise_why(code: str):
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
        approver_session_started_at__isnull=False,  # no clock to inherit, no login
    ).update(status=Status.USED, used_at=now)
    employee = Employee.objects.filter(pk=row.decided_by_id, is_active=True).first()
    if not used or employee is None:
        return PollResult(Status.EXPIRED)
    started = row.approver_session_started_at.timestamp()
    return PollResult(Status.APPROVED, employee=employee, session_started_at=started)


def mark_session(session) -> None:
    """Note that this session was logged in by a QR approval; called right after that login."""
    session[SESSION_QR_LOGIN_KEY] = True


def is_qr_login(session) -> bool:
    """Whether this session's latest login was a QR approval (the admin refuses such a session)."""
    return session.get(SESSION_QR_LOGIN_KEY, False)


def purge_stale() -> int:
    """Delete codes that never let anyone in; approvals, refusals and logins stay on record."""
    cutoff = timezone.now() - timedelta(hours=1)
    stale = QrLoginRequest.objects.filter(
        status__in=[Status.PENDING, Status.EXPIRED], expires_at__lt=cutoff
    )
    return stale.delete()[0]
