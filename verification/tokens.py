"""What a scanned token says about its card: the one place that decides a verification."""

from dataclasses import dataclass

from accounts.models import Employee
from cards.models import TOKEN_ALPHABET, TOKEN_LENGTH, Card, RetiredToken
from verification.models import VerificationEvent

Status = VerificationEvent.Outcome


@dataclass(frozen=True)
class Outcome:
    status: str  # a VerificationEvent.Outcome value
    card: Card | None = None
    employee: Employee | None = None

    @property
    def shows_record(self) -> bool:
        """Only a card in force (active or not) shows whose it is; the rest show no data."""
        return self.status in (Status.VALID, Status.NOT_ACTIVE)


# Only what a verification shows or decides on: a narrower row is a cheaper look-up.
RECORD_FIELDS = (
    "number", "token", "revoked_at", "photo__id",
    "employee__nip", "employee__name", "employee__front_title", "employee__back_title",
    "employee__asn_type", "employee__status", "employee__contract_end_date",
    "employee__position", "employee__rank", "employee__agency__name", "employee__work_unit__name",
)  # fmt: skip


def is_well_formed(token: str) -> bool:
    return len(token) == TOKEN_LENGTH and all(c in TOKEN_ALPHABET for c in token)


def look_up(token: str) -> Outcome:
    """The status of the card behind a token, checked in the order a verifier needs it."""
    if not is_well_formed(token):
        return Outcome(Status.NOT_FOUND)
    card = (
        Card.objects.select_related("employee__agency", "employee__work_unit", "photo")
        .only(*RECORD_FIELDS)
        .filter(token=token)
        .first()
    )
    if card is None:
        retired = RetiredToken.objects.select_related("card__employee").filter(token=token).first()
        if retired is None:
            return Outcome(Status.NOT_FOUND)
        return Outcome(Status.REPLACED, retired.card, retired.card.employee)
    employee = card.employee
    if card.is_revoked:
        return Outcome(Status.REVOKED, card, employee)
    if employee.employment_status() != Employee.Status.ACTIVE:
        return Outcome(Status.NOT_ACTIVE, card, employee)
    return Outcome(Status.VALID, card, employee)
