"""Employee spreadsheets as files: reading an upload, writing the export (tablib, CSV/XLSX)."""

import csv
import io

import tablib
from django.utils.translation import gettext as _

from accounts.hr.importing.cells import COLUMNS, exported

FORMATS = ("csv", "xlsx")  # a form's format "0" is CSV, "1" is XLSX
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportFileError(Exception):
    pass


def extension_of(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def read_dataset(content: bytes, file_name: str) -> tablib.Dataset:
    """The first sheet of a .csv or .xlsx file; row n of the dataset is spreadsheet line n + 2."""
    extension = extension_of(file_name)
    if extension not in FORMATS:
        raise ImportFileError(_("Gunakan berkas .csv atau .xlsx."))
    try:
        if extension == "xlsx":
            return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        return _csv_dataset(content.decode("utf-8-sig"))
    except Exception as exc:  # a damaged file raises many kinds (zip, XML, encoding, shape)
        raise ImportFileError(
            _("Berkas tidak dapat dibaca sebagai %(format)s.") % {"format": extension.upper()}
        ) from exc


def _csv_dataset(content: str) -> tablib.Dataset:
    # tablib's own CSV reader drops blank lines, which would shift the line numbers reported.
    rows = list(csv.reader(io.StringIO(content)))
    data = tablib.Dataset(headers=rows[0] if rows else None)
    for row in rows[1:]:
        data.append(row + [""] * (data.width - len(row)))  # too long a row: InvalidDimensions
    return data


def export_dataset(employees) -> tablib.Dataset:
    """Employees in the import's columns, so an export can be edited and imported back."""
    data = tablib.Dataset(headers=list(COLUMNS))
    for employee in employees:
        data.append([exported(column, employee) for column in COLUMNS])
    return data


def export_file(employees, extension: str) -> tuple[bytes, str]:
    """(content, content type) of the export as a .csv or .xlsx file."""
    content = export_dataset(employees).export(extension)
    return (content.encode() if isinstance(content, str) else content), CONTENT_TYPES[extension]
