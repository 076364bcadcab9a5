"""Running an employee import and telling the officer what it did (admin and command).

`run_import` is the use case; `summarize` turns django-import-export's result into what a
person reads: counts, every bad row with its reasons by column, and what would change.
`log_import` writes the admin history (LogEntry) for every employee the import touched.
"""

from dataclasses import dataclass, field

import tablib
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result, RowResult

from accounts.import_resource import COLUMNS, EmployeeResource
from accounts.models import Employee

FORMATS = {"csv": CSV, "xlsx": XLSX}
SHOWN_CHANGES = 200  # rows listed in the preview; the counts always cover every row


class ImportFileError(Exception):
    pass


@dataclass
class BadRow:
    line: int
    nip: str
    name: str
    problems: list[tuple[str, str]]


@dataclass
class ImportReport:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.bad_rows and not self.file_errors


def read_dataset(content: bytes, file_name: str) -> tablib.Dataset:
    extension = file_name.rsplit(".", 1)[-1].lower()
    if extension not in FORMATS:
        raise ImportFileError(_("Gunakan berkas .csv atau .xlsx."))
    file_format = FORMATS[extension](encoding="utf-8-sig")
    try:
        data = content if file_format.is_binary() else content.decode("utf-8-sig")
        return file_format.create_dataset(data)
    except Exception as exc:  # tablib raises many kinds for a damaged file
        raise ImportFileError(
            _("Berkas tidak dapat dibaca sebagai %(format)s.") % {"format": extension.upper()}
        ) from exc


def run_import(dataset, agency, *, dry_run=True, skip_bad_rows=False, allow_staff=False,
               progress=None) -> tuple[Result, ImportReport]:  # fmt: skip
    resource = EmployeeResource(agency=agency, allow_staff=allow_staff, progress=progress)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=not skip_bad_rows,
        retain_instance_in_row_result=True,
    )
    return result, summarize(result, dry_run=dry_run, skip_bad_rows=skip_bad_rows)


def summarize(result: Result, *, dry_run: bool, skip_bad_rows: bool) -> ImportReport:
    report = ImportReport(
        new=result.totals[RowResult.IMPORT_TYPE_NEW],
        changed=result.totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=result.totals[RowResult.IMPORT_TYPE_SKIP],
    )
    columns = {f.attribute: f.column_name for f in EmployeeResource.fields.values()}
    for row in result.invalid_rows:
        values = dict(zip(result.diff_headers, row.values, strict=False))
        problems = [
            (columns.get(key, _("baris")) if key != NON_FIELD_ERRORS else _("baris"), message)
            for key, messages in row.error_dict.items()
            for message in messages
        ]
        problems.sort(key=lambda p: _column_order(p[0]))
        report.bad_rows.append(
            BadRow(row.number + 1, str(values.get("nip") or ""), str(values.get("nama") or ""),
                   problems)
        )  # fmt: skip
    report.file_errors = [str(e.error) for e in result.base_errors]
    report.file_errors += [
        _("Baris %(line)s: %(error)s") % {"line": line + 1, "error": e.error}
        for line, errors in result.row_errors()
        for e in errors
    ]
    for row in result.valid_rows():
        if row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            if len(report.changes) < SHOWN_CHANGES:
                report.changes.append(_change_line(row))
    report.written = not dry_run and not report.file_errors and (report.ok or skip_bad_rows)
    return report


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else len(COLUMNS)


def _change_line(row: RowResult) -> dict:
    instance = row.instance
    return {
        "new": row.import_type == RowResult.IMPORT_TYPE_NEW,
        "nip": instance.nip,
        "name": instance.full_name,
        "changes": getattr(instance, "import_changes", []),
    }


def log_import(result: Result, user, file_name: str) -> int:
    """One LogEntry per employee added or changed, in bulk: the audit trail of the import."""
    if user is None:
        return 0
    content_type = ContentType.objects.get_for_model(Employee)
    entries = []
    for row in result.valid_rows():
        employee = row.instance
        if row.import_type == RowResult.IMPORT_TYPE_NEW:
            flag = ADDITION
            message = _("Ditambahkan lewat impor berkas %(file)s.") % {"file": file_name}
        elif row.import_type == RowResult.IMPORT_TYPE_UPDATE:
            flag = CHANGE
            message = _("Diubah lewat impor berkas %(file)s: %(changes)s.") % {
                "file": file_name,
                "changes": describe_changes(getattr(employee, "import_changes", [])),
            }
        else:
            continue
        entries.append(
            LogEntry(
                user_id=user.pk,
                content_type=content_type,
                object_id=str(employee.pk),
                object_repr=str(employee)[:200],
                action_flag=flag,
                change_message=message,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def describe_changes(changes) -> str:
    return "; ".join(f"{column} “{old}” → “{new}”" for column, old, new in changes)
