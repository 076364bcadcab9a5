"""Writing a checked plan, and `run_import`, the use case behind the admin pages and command.

New employees are inserted in bulk (they have no card yet). A changed employee goes through
the update operation the caller passes in (`cards.employees.update_employee`, which saves the
changed fields and records the card's data change with its actor): `accounts` knows nothing
of cards, so the operation is a parameter, not an import.
"""

from collections.abc import Callable

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.hr.importing.cells import FIELDS
from accounts.hr.importing.checking import Change, Plan, check
from accounts.hr.importing.report import ImportReport, summarize
from accounts.models import Employee

BATCH = 1000
# update_employee(employee, {field: new value}, actor) -> {attname: (old, new)} of what changed
UpdateEmployee = Callable[[Employee, dict, object], dict]


def run_import(
    dataset,
    agency,
    *,
    dry_run: bool = True,
    skip_bad_rows: bool = False,
    allow_staff: bool = False,
    update_employee: UpdateEmployee | None = None,
    actor=None,
    file_name: str = "",
    progress=None,
) -> tuple[Plan, ImportReport]:
    """Check `dataset` for `agency` and, unless a dry run, write it. Nothing is written while a
    row is bad unless `skip_bad_rows`; a write that fails is rolled back as a whole."""
    plan = check(dataset, agency, allow_staff=allow_staff, progress=progress)
    written = not dry_run and not plan.file_errors and (skip_bad_rows or not plan.bad_rows)
    if written:
        try:
            write(plan, update_employee, actor=actor, file_name=file_name)
        except IntegrityError as exc:  # e.g. the same NIP added by someone else since the check
            plan.file_errors.append(str(exc))
            written = False
    return plan, summarize(plan, written=written)


def write(plan: Plan, update_employee: UpdateEmployee | None, *, actor, file_name: str) -> None:
    """Write the plan's good rows, all or nothing, with a LogEntry per employee when there is
    an actor to name."""
    if plan.changed and update_employee is None:
        raise TypeError("changing employees needs the update_employee operation")
    with transaction.atomic():
        Employee.objects.bulk_create(plan.added, batch_size=BATCH)
        changed = []
        for change in plan.changed:
            if done := update_employee(change.employee, change.values, actor):
                changed.append((change, done))
        if actor is not None:
            entries = _log_entries(plan.added, changed, actor, file_name)
            LogEntry.objects.bulk_create(entries, batch_size=BATCH)


def _log_entries(added, changed: list[tuple[Change, dict]], actor, file_name):
    content_type = ContentType.objects.get_for_model(Employee)

    def entry(employee, flag, message):
        return LogEntry(user_id=actor.pk, content_type=content_type, object_id=str(employee.pk),
                        object_repr=str(employee)[:200], action_flag=flag,
                        change_message=message)  # fmt: skip

    added_message = _("Ditambahkan lewat impor berkas %(file)s.") % {"file": file_name}
    yield from (entry(employee, ADDITION, added_message) for employee in added)
    for change, done in changed:
        # What really changed: the row was locked and read again when it was written.
        lines = [line for line in change.lines if _attname(line[0]) in done]
        message = _("Diubah lewat impor berkas %(file)s: %(changes)s.") % {
            "file": file_name,
            "changes": describe_changes(lines),
        }
        yield entry(change.employee, CHANGE, message)


def describe_changes(lines) -> str:
    return "; ".join(f"{column} “{old}” → “{new}”" for column, old, new in lines)


def _attname(column: str) -> str:
    return Employee._meta.get_field(FIELDS[column]).attname
