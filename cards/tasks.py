"""Card jobs of the task queue: issuing cards whose day has come, and drawing cards ahead.

Both are idempotent, so a job given back by a worker that died, or retried after a database
hiccup, does nothing twice: a card is unique per employee, and a render is stored under a
key derived from everything printed on it.
"""

import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from accounts.models import Employee
from cards import outputs
from cards.eligibility import card_eligibility
from cards.models import Card, CardEvent
from cards.status_list import publish_status_list  # noqa: F401  (a worker loads tasks modules)

ISSUE_BATCH = 1000
RENDER_BATCH = 200  # cards per pre-render job: about a minute of one worker process
TRANSIENT = (OperationalError, InterfaceError, OSError)  # database or storage hiccups
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 5, "retry_backoff_max": 600,
         "max_retries": 8}  # fmt: skip


@shared_task(**RETRY)
def issue_due_cards(today: str | None = None) -> int:
    """Daily: a card for every eligible employee without one. Returns how many were issued."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    issued, after = 0, 0
    while True:
        batch = list(
            _without_card(day)
            .filter(pk__gt=after)
            .order_by("pk")
            .only("pk", "status", "asn_type", "start_date", "contract_end_date")[:ISSUE_BATCH]
        )
        if not batch:
            return issued
        issued += issue_cards(batch, day)
        after = batch[-1].pk


def _without_card(day: dt.date):
    return Employee.objects.filter(
        status=Employee.Status.ACTIVE, start_date__lte=day, card__isnull=True
    )


def issue_cards(employees: Iterable[Employee], day: dt.date | None = None) -> int:
    """Issue the cards of the eligible `employees` that have none, dated the day each became
    due; an ISSUED event by the system (no actor) for each. Safe to repeat or to run beside
    `services.card_for`: a card that exists already is left alone."""
    day = day or timezone.localdate()
    due = {e.pk: e for e in employees if card_eligibility(e, day).eligible}
    if not due:
        return 0
    with transaction.atomic():
        Card.objects.bulk_create(
            [Card(employee_id=pk, issued_at=_due_at(e.start_date)) for pk, e in due.items()],
            ignore_conflicts=True,  # issued meanwhile by a visit to the card page
        )
        # Cards issued by card_for have their event already; the ones without are this batch's.
        new = Card.objects.filter(employee_id__in=due).exclude(events__kind=CardEvent.Kind.ISSUED)
        events = [
            CardEvent(card=card, kind=CardEvent.Kind.ISSUED, revision=card.revision)
            for card in new.only("pk", "revision")
        ]
        CardEvent.objects.bulk_create(events)
    return len(events)


def _due_at(start_date: dt.date) -> dt.datetime:
    """00:00 WIB of the start date: the card is dated the day it became due, not the run."""
    midnight = dt.datetime.combine(start_date, dt.time(), timezone.get_default_timezone())
    return min(midnight, timezone.now())


@shared_task(**RETRY)
def prerender_cards(employee_ids: list[int]) -> int:
    """Draw the cards of these employees in their chosen layout, issuing a card that is due
    (a new employee of an import). Returns how many cards were drawn."""
    employees = Employee.objects.filter(pk__in=employee_ids, card__isnull=True)
    issue_cards(employees)
    cards = Card.objects.filter(employee_id__in=employee_ids).select_related(
        "photo", "employee__agency", "employee__work_unit"
    )
    return sum(render_card(card) for card in cards.order_by("pk"))


def render_card(card: Card) -> bool:
    """Every file of the card's layout, rendered and stored unless stored already. A revoked
    card, or one whose holder is not active, is not offered for download, so it is skipped."""
    if card.is_revoked or not card_eligibility(card.employee).eligible:
        return False
    for name in outputs.DOWNLOADS:  # one render gives the four per-side files, the rest hit
        outputs.render_download(card, name)
    return True


def prerender_later(employee_ids: Iterable[int]) -> None:
    """Queue pre-render jobs for these employees' cards once the current transaction commits."""
    ids = sorted(set(employee_ids))

    def enqueue():
        for start in range(0, len(ids), RENDER_BATCH):
            prerender_cards.delay(ids[start : start + RENDER_BATCH])

    if ids:
        transaction.on_commit(enqueue)


_collected: ContextVar[list | None] = ContextVar("prerender_collected", default=None)


@contextmanager
def prerender_changed_cards():
    """Cards of the employees passed to `note_changed` inside the block are pre-rendered,
    in batches, once the block's writes have committed (an HR import in the admin)."""
    ids: list[int] = []
    token = _collected.set(ids)
    try:
        yield ids
    finally:
        _collected.reset(token)
    prerender_later(ids)


def note_changed(employee_id: int) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.append(employee_id)
