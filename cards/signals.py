"""Employee data printed on a card changed (admin, import, shell): bump the card revision."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.hr_signals import employees_changed_in_bulk
from accounts.models import Employee

PRINTED_FIELDS = (
    "nip", "name", "front_title", "back_title", "asn_type", "status", "agency_id",
    "work_unit_id", "position", "rank", "start_date", "contract_end_date",
)  # fmt: skip


def printed_values(employee) -> dict:
    return {field: getattr(employee, field) for field in PRINTED_FIELDS}


# update_fields may name a foreign key by field or by attname ("agency" or "agency_id").
PRINTED_NAMES = frozenset(PRINTED_FIELDS) | {f.removesuffix("_id") for f in PRINTED_FIELDS}


@receiver(pre_save, sender=Employee)
def remember_printed_values(sender, instance, raw=False, update_fields=None, **kwargs):
    # A save of other fields only (last_login at every login) cannot change the card.
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and not PRINTED_NAMES & update_fields)
    ):
        instance._printed_before = None
        return
    old = Employee.objects.filter(pk=instance.pk).values(*PRINTED_FIELDS).first()
    instance._printed_before = old


@receiver(post_save, sender=Employee)
def bump_card_on_printed_change(sender, instance, created, raw=False, **kwargs):
    from cards.models import Card
    from cards.services import note_data_change

    before = getattr(instance, "_printed_before", None)
    if raw or created or before is None:
        return
    changed = [f for f, value in printed_values(instance).items() if before.get(f) != value]
    card = Card.objects.filter(employee=instance).first() if changed else None
    if card:
        note_data_change(card, changed)


@receiver(employees_changed_in_bulk)
def bump_cards_on_bulk_change(sender, changes, **kwargs):
    """A bulk import updated employees without saving them one by one."""
    from cards.models import Card
    from cards.services import note_data_change

    printed = {pk: [f for f in fields if f in PRINTED_FIELDS] for pk, fields in changes.items()}
    printed = {pk: fields for pk, fields in printed.items() if fields}
    for card in Card.objects.filter(employee_id__in=printed):
        note_data_change(card, printed[card.employee_id])
