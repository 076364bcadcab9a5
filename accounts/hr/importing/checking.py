"""Checking a whole file before anything is written: the plan of an import.

Each row is checked the way the admin form checks an employee (Employee.full_clean: NIP
structure, NIP against birth date and gender, rank against ASN type, unit in agency), plus
what only the whole file can tell: required cells, a NIP twice in the file, a NIP that belongs
to another agency or to an admin account. Whatever costs a query is looked up once per file
(units, and the existing employees in chunks of LOOKUP_CHUNK NIPs), never once per row.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from accounts.hr.importing import cells
from accounts.hr.importing.cells import COLUMNS, FIELDS, REQUIRED
from accounts.models import Agency, Employee, WorkUnit

LOOKUP_CHUNK = 900  # under SQLite's limit of query parameters
# Fields the import sets itself, or that were settled for the whole file, so full_clean skips
# them: checking that the agency and unit rows exist would cost two queries per row.
NOT_FROM_FILE = ("agency", "work_unit", "password", "last_login", "is_superuser", "is_staff",
                 "is_active", "date_joined")  # fmt: skip


@dataclass
class BadRow:
    line: int  # as a spreadsheet numbers it: line 1 is the header
    nip: str
    name: str
    problems: list[tuple[str, str]]  # (column, message), in column order


@dataclass
class Change:
    employee: Employee  # carries the new values, not yet saved
    values: dict  # {field name: new value}
    lines: list[tuple[str, str, str]]  # (column, old, new) as the file writes them


@dataclass
class Plan:
    agency: Agency
    rows: int = 0
    file_errors: list[str] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    added: list[Employee] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0


def check(dataset, agency: Agency, *, allow_staff: bool = False, progress=None) -> Plan:
    """What importing `dataset` into `agency` would do. Writes nothing."""
    plan = Plan(agency=agency, rows=len(dataset))
    headers = [cells.header(h) for h in dataset.headers or []]
    missing = [column for column in REQUIRED if column not in headers]
    if missing:  # nothing in a file without its key columns can be read reliably
        message = _("Kolom wajib tidak ada di berkas: %(columns)s.")
        plan.file_errors.append(message % {"columns": ", ".join(missing)})
        return plan
    rows = [dict(zip(headers, values, strict=False)) for values in dataset]
    checker = _RowChecker(agency, [c for c in COLUMNS if c in headers], rows, allow_staff)
    for index, row in enumerate(rows):
        if any(cells.filled(value) for value in row.values()):  # blank lines are no employee
            outcome = checker.check(index + 2, row)
            if isinstance(outcome, BadRow):
                plan.bad_rows.append(outcome)
            elif isinstance(outcome, Change):
                plan.changed.append(outcome)
            elif outcome is None:
                plan.unchanged += 1
            else:
                plan.added.append(outcome)
        if progress:
            progress(index + 1)
    return plan


class _RowChecker:
    def __init__(self, agency, columns, rows, allow_staff):
        self.agency, self.columns, self.allow_staff = agency, columns, allow_staff
        units = WorkUnit.objects.filter(agency=agency)
        self.units = {unit.code.casefold(): unit for unit in units}
        self.lines_of_nip = defaultdict(list)
        for line, row in enumerate(rows, start=2):
            if number := _nip_or_blank(row.get("nip")):
                self.lines_of_nip[number].append(line)
        self.existing = _existing(list(self.lines_of_nip))

    def check(self, line: int, row: dict) -> BadRow | Change | Employee | None:
        """A bad row, a change, a new employee, or None for a row that changes nothing."""
        nip = _nip_or_blank(row.get("nip"))
        employee = self.existing.get(nip)
        if employee is not None and (refusal := self._refusal(employee)):
            return _bad(line, row, {"nip": [refusal]})
        errors = defaultdict(list)
        for column in REQUIRED:
            if not cells.filled(row.get(column)):
                errors[column].append(_("Wajib diisi."))
        if others := [n for n in self.lines_of_nip.get(nip, []) if n != line]:
            message = _("NIP ganda: NIP yang sama juga ada di baris %(lines)s.")
            errors["nip"].append(message % {"lines": ", ".join(map(str, others))})
        if employee is None:
            employee, before = self._new_employee(), None
        else:
            before = {column: getattr(employee, FIELDS[column]) for column in self.columns}
        self._fill(employee, row, errors)
        self._full_clean(employee, errors)
        if errors:
            return _bad(line, row, errors)
        return employee if before is None else _change(employee, before)

    def _refusal(self, employee: Employee) -> str | None:
        if employee.agency_id != self.agency.pk:
            return _("NIP ini terdaftar di instansi lain; pindah instansi tidak dapat dilakukan "
                     "lewat impor.")  # fmt: skip
        if (employee.is_staff or employee.is_superuser) and not self.allow_staff:
            return _("NIP ini milik akun petugas admin; datanya tidak dapat diubah lewat impor.")
        return None

    def _new_employee(self) -> Employee:
        # No password: the employee sets one through "Lupa Kata Sandi". This is what
        # set_unusable_password() stores, at a tenth of its cost per row.
        password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
        return Employee(agency=self.agency, status=Employee.Status.ACTIVE, password=password)

    def _fill(self, employee: Employee, row: dict, errors: dict) -> None:
        for column in self.columns:
            if column == "status" and not cells.filled(row[column]):
                continue  # a blank status keeps the current one (new employees: aktif)
            try:
                value = cells.parse(column, row[column], row, self.units)
            except ValueError as exc:
                errors[column].append(str(exc))
            else:
                setattr(employee, FIELDS[column], value)

    def _full_clean(self, employee: Employee, errors: dict) -> None:
        # As the admin form runs it, minus what was settled for the whole file (NIP
        # uniqueness, agency and unit rows) and the fields whose cell is already wrong.
        skip = {*NOT_FROM_FILE, *(FIELDS[column] for column in errors)}
        try:
            employee.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = cells.COLUMN_OF.get(name, NON_FIELD_ERRORS)
                errors[column].extend(messages)


def _existing(nips: list[str]) -> dict[str, Employee]:
    found = {}
    for start in range(0, len(nips), LOOKUP_CHUNK):
        chunk = Employee.objects.select_related("work_unit").filter(
            nip__in=nips[start : start + LOOKUP_CHUNK]
        )
        found.update((employee.nip, employee) for employee in chunk)
    return found


def _change(employee: Employee, before: dict) -> Change | None:
    values, lines = {}, []
    for column, old in before.items():
        new = getattr(employee, FIELDS[column])
        if new != old:
            values[FIELDS[column]] = new
            lines.append((column, cells.shown(column, old), cells.shown(column, new)))
    return Change(employee, values, lines) if values else None


def _bad(line: int, row: dict, errors: dict) -> BadRow:
    order = {column: index for index, column in enumerate(COLUMNS)}
    problems = [
        (column if column != NON_FIELD_ERRORS else _("baris"), message)
        for column in sorted(errors, key=lambda c: order.get(c, len(COLUMNS)))
        for message in errors[column]
    ]
    return BadRow(line, cells.text(row.get("nip")), cells.text(row.get("nama")), problems)


def _nip_or_blank(value) -> str:
    try:
        return cells.nip(value)
    except ValueError:
        return ""
