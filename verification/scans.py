"""The scan log: every completed verification, what the owner sees of it, and its retention."""

import datetime as dt

from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import Employee
from verification.models import VerificationEvent
from verification.tokens import Outcome

HISTORY_DAYS = 90  # what the owner sees, and how long events are kept
HISTORY_ROWS = 20  # a much-scanned card shows its newest checks and a count of the rest


def client_hash(address: str) -> str:
    # Keyed with SECRET_KEY: the same address gives the same hash, so repeated checks from
    # one place can be seen, yet without the key the hash cannot be matched to an address.
    return salted_hmac("verification.client", address, algorithm="sha256").hexdigest()


def record_scan(outcome: Outcome, address: str) -> VerificationEvent:
    return VerificationEvent.objects.create(
        card=outcome.card, outcome=outcome.status, client_hash=client_hash(address)
    )


def _since(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def scan_history(employee: Employee, days: int = HISTORY_DAYS):
    """The checks of the employee's card in the last `days` days, newest first."""
    events = VerificationEvent.objects.filter(card__employee=employee, checked_at__gte=_since(days))
    return events.order_by("-checked_at", "-pk")


def purge_scans(days: int = HISTORY_DAYS) -> int:
    """Delete events older than `days` days; returns how many went."""
    deleted, _ = VerificationEvent.objects.filter(checked_at__lt=_since(days)).delete()
    return deleted
