"""Changes an HR officer or an import makes to an employee, with their effect on the card.

An employee's record is the source of what a card prints, so a change is one operation that
saves the employee and, when something printed changed, gives the card a new revision with a
"data changed" event naming who made the change and from what to what. The operation takes
the actor; nothing happens behind its back in a model signal, which could not know who acted.
"""

import datetime as dt

from django.db import transaction

from accounts.hr.importing.writing import run_import
from accounts.models import Employee
from accounts.notifications import tell_old_address
from cards.models import Card, CardEvent
from cards.services import change_card

# Employee fields (attnames) that appear on the card or decide whether it is valid.
PRINTED_FIELDS = (
    "nip", "name", "front_title", "back_title", "asn_type", "status", "agency_id",
    "work_unit_id", "position", "rank", "start_date", "contract_end_date",
)  # fmt: skip


def update_employee(employee: Employee, changes: dict, actor) -> dict[str, tuple]:
    """Apply `changes` ({field name or attname: new value}, already validated) and save.

    Returns {attname: (old, new)} of what really changed; nothing is written when that is
    empty. The employee row is locked for the change, so two officers saving at once each
    see the other's values as "old".
    """
    with transaction.atomic():
        current = Employee.objects.select_for_update().get(pk=employee.pk)
        changed = {}
        for name, new in changes.items():
            attname = Employee._meta.get_field(name).attname
            new = getattr(new, "pk", new)
            old = getattr(current, attname)
            if old != new:
                changed[attname] = (old, new)
                setattr(employee, attname, new)
        if not changed:
            return {}
        employee.save(update_fields=list(changed))
        old_email = changed.get("email", ("", ""))[0]
        if old_email:
            tell_old_address(employee, old_email)
        printed = [f for f in changed if f in PRINTED_FIELDS]
        card = Card.objects.filter(employee_id=employee.pk).first() if printed else None
        if card is not None:
            values = {f: [_shown(current, f), _shown(employee, f)] for f in printed}
            change_card(card, CardEvent.Kind.DATA_CHANGED, actor, fields=printed, values=values)
    return changed


def _shown(employee: Employee, attname: str) -> str:
    """A value as the card event keeps it: what a person reads (a unit's name, not its id)."""
    field = Employee._meta.get_field(attname.removesuffix("_id"))
    value = getattr(employee, field.name)
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def import_employees(dataset, agency, **options):
    """The employee import (accounts.hr.importing.run_import) with its effect on cards: each
    changed employee goes through update_employee. Returns (plan, report)."""
    return run_import(dataset, agency, update_employee=update_employee, **options)
