"""A completed verification: captcha used up, token looked up, scan recorded — at once.

The public record view is the portal's busiest page, so on PostgreSQL the three steps are one
SQL statement, one round trip and one commit: the captcha row is deleted (the delete decides
which request solved it, so a captcha works once however many requests bring it), the card is
read with its holder, and the scan record is inserted with the outcome — all or nothing, so a
result that was shown always has its one scan record and an unsolved captcha never has one.

The outcome is decided by the same rules as tokens.look_up, written once more in SQL; the tests
check both against every kind of card (tests/verification/test_completion.py). On other
databases (the embedded SQLite) the steps run one after the other in a transaction.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from accounts.captcha import consume
from accounts.models import Agency, Employee, WorkUnit
from cards.models import Card
from verification import scans, tokens
from verification.models import VerificationEvent
from verification.tokens import Outcome, Status


@dataclass(frozen=True)
class Completed:
    outcome: Outcome
    checked_at: dt.datetime


def complete(token: str, address: str, captcha: tuple[str, str] | None = None) -> Completed | None:
    """Verify a token for the client at `address`: None when the captcha was not solved.

    captcha is (hashkey, answer), or None for a logged-in employee who is spared it. The
    captcha is used up whether or not the answer was right: one picture allows one guess.
    """
    client_hash = scans.client_hash(address)
    if connection.vendor == "postgresql":
        return _complete_in_one_statement(token, client_hash, captcha)
    with transaction.atomic():
        if captcha is not None and not consume(*captcha):
            return None
        outcome = tokens.look_up(token)
        event = VerificationEvent.objects.create(
            card=outcome.card, outcome=outcome.status, client_hash=client_hash
        )
    return Completed(outcome, event.checked_at)


def _complete_in_one_statement(token, client_hash, captcha) -> Completed | None:
    now = timezone.now()
    hashkey, answer = captcha if captcha is not None else ("", "")
    params = {
        "hashkey": hashkey or "",
        "answer": (answer or "").strip().lower(),
        "no_captcha": captcha is None,
        "now": now,
        # A malformed token is looked up as one no card can have: it is not found.
        "token": token if tokens.is_well_formed(token) else "",
        "today": timezone.localdate(now),
        "active": Employee.Status.ACTIVE.value,
        "pppk": Employee.AsnType.PPPK.value,
        "hash": client_hash,
        **{f"s_{status.name.lower()}": status.value for status in Status},
    }
    with connection.cursor() as cursor:
        cursor.execute(_sql(), params)
        solved, outcome, *found = cursor.fetchone()
    if not solved:
        return None
    return Completed(_outcome(Status(outcome), found, params["token"]), now)


def _outcome(status: str, found: list, token: str) -> Outcome:
    card_id, number, photo_id, revoked_at, *person, agency, unit, retired_card_id = found
    if status == Status.NOT_FOUND:
        return Outcome(Status.NOT_FOUND)
    if status == Status.REPLACED:
        # A replaced token shows no record: the card is named for the scan record only.
        return Outcome(Status.REPLACED, Card(pk=retired_card_id))
    fields = dict(zip(PERSON_FIELDS, person, strict=True))
    employee = Employee(**fields)
    if agency is not None:
        employee.agency = Agency(name=agency)
    if unit is not None:
        employee.work_unit = WorkUnit(name=unit)
    # The token given: the card was found by it (and a new one is not drawn for nothing).
    card = Card(pk=card_id, number=number, token=token, photo_id=photo_id, revoked_at=revoked_at)
    card.employee = employee
    return Outcome(status, card, employee)


PERSON_FIELDS = (
    "nip", "name", "front_title", "back_title", "asn_type", "status", "contract_end_date",
    "position", "rank",
)  # fmt: skip

_SQL = None


def _sql() -> str:
    """The statement, with the tables' real names (built once per process)."""
    global _SQL
    if _SQL is None:
        from captcha.models import CaptchaStore

        from cards.models import RetiredToken

        names = {
            "captcha": CaptchaStore._meta.db_table,
            "card": Card._meta.db_table,
            "employee": Employee._meta.db_table,
            "agency": Agency._meta.db_table,
            "unit": WorkUnit._meta.db_table,
            "retired": RetiredToken._meta.db_table,
            "event": VerificationEvent._meta.db_table,
            "person": ", ".join(f"e.{f}" for f in PERSON_FIELDS),
        }
        _SQL = STATEMENT.format(**names)
    return _SQL


# Data-modifying CTEs run exactly once whether or not they are read; the card is read only
# when the captcha was solved (or not asked), and the scan row is written only then.
STATEMENT = """
WITH solved AS (
    DELETE FROM {captcha} WHERE hashkey = %(hashkey)s
    RETURNING response = %(answer)s AND expiration > %(now)s AS ok
), go AS (
    SELECT %(no_captcha)s OR COALESCE((SELECT ok FROM solved), false) AS ok
), found AS (
    SELECT c.id, c.number, c.photo_id, c.revoked_at, {person}, a.name AS agency,
           w.name AS unit,
           CASE
               WHEN c.revoked_at IS NOT NULL THEN %(s_revoked)s
               WHEN e.status <> %(active)s
                    OR (e.asn_type = %(pppk)s AND e.contract_end_date < %(today)s)
                   THEN %(s_not_active)s
               ELSE %(s_valid)s
           END AS outcome
    FROM {card} c
    JOIN {employee} e ON e.id = c.employee_id
    LEFT JOIN {agency} a ON a.id = e.agency_id
    LEFT JOIN {unit} w ON w.id = e.work_unit_id
    WHERE c.token = %(token)s AND (SELECT ok FROM go)
), retired AS (
    SELECT r.card_id FROM {retired} r
    WHERE r.token = %(token)s AND (SELECT ok FROM go) AND NOT EXISTS (SELECT 1 FROM found)
), decided AS (
    SELECT COALESCE((SELECT id FROM found), (SELECT card_id FROM retired)) AS card_id,
           COALESCE(
               (SELECT outcome FROM found),
               CASE WHEN EXISTS (SELECT 1 FROM retired) THEN %(s_replaced)s END,
               %(s_not_found)s
           ) AS outcome
), recorded AS (
    INSERT INTO {event} (card_id, outcome, checked_at, client_hash)
    SELECT decided.card_id, decided.outcome, %(now)s, %(hash)s FROM decided, go WHERE go.ok
    RETURNING outcome
)
SELECT go.ok, (SELECT outcome FROM recorded),
       found.id, found.number, found.photo_id, found.revoked_at,
       {person_out}, found.agency, found.unit, (SELECT card_id FROM retired)
FROM go LEFT JOIN found ON true
"""
STATEMENT = STATEMENT.replace("{person_out}", ", ".join(f"found.{f}" for f in PERSON_FIELDS))
