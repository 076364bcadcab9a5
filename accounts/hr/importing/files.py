"""Employee spreadsheets as files: reading an upload, writing the export (CSV/XLSX).

Reading stops at a row cap and writing forces every XLSX cell to text, so both go through
the csv module and openpyxl directly; tablib holds the rows in between.
"""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import tablib
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from accounts.hr.importing.cells import COLUMNS, exported

FORMATS = ("csv", "xlsx")  # a form's format "0" is CSV, "1" is XLSX
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# An XLSX is a zip: what it unpacks to is bounded too, at this many times the file's cap.
XLSX_UNPACKED_RATIO = 20


class ImportFileError(Exception):
    pass


def extension_of(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def check_size(size: int, max_bytes: int) -> None:
    """ImportFileError for a file over the cap (settings.IMPORT_MAX_BYTES)."""
    if size > max_bytes:
        message = _("Berkas terlalu besar: paling besar %(megabytes)s MB. Bagi menjadi beberapa "
                    "berkas.")  # fmt: skip
        raise ImportFileError(message % {"megabytes": _megabytes(max_bytes)})


def _megabytes(size: int) -> str:
    return number_format(Decimal(f"{size / 1_000_000:g}"))  # "2,5" in Indonesian, "2.5" in English


def read_dataset(
    content: bytes, file_name: str, *, max_bytes: int | None = None, max_rows: int | None = None
) -> tablib.Dataset:
    """The first sheet of a .csv or .xlsx file; row n of the dataset is spreadsheet line n + 2.
    The admin passes its caps (settings.IMPORT_MAX_BYTES, IMPORT_MAX_ROWS); the command, run
    by an operator on the server for big files, does not."""
    extension = extension_of(file_name)
    if extension not in FORMATS:
        raise ImportFileError(_("Gunakan berkas .csv atau .xlsx."))
    if max_bytes is not None:
        check_size(len(content), max_bytes)
    try:
        if extension == "xlsx":
            return _dataset(_xlsx_rows(content, max_bytes), max_rows)
        return _dataset(csv.reader(io.StringIO(_csv_text(content))), max_rows)
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged file raises many kinds (zip, XML, encoding, shape)
        raise ImportFileError(
            _("Berkas tidak dapat dibaca sebagai %(format)s.") % {"format": extension.upper()}
        ) from exc


def read_upload(content: bytes, file_name: str) -> tablib.Dataset:
    """An upload to the admin, within the admin's caps."""
    return read_dataset(content, file_name, max_bytes=settings.IMPORT_MAX_BYTES,
                        max_rows=settings.IMPORT_MAX_ROWS)  # fmt: skip


def _xlsx_rows(content: bytes, max_bytes: int | None):
    stream = io.BytesIO(content)
    if max_bytes is not None:
        # A few megabytes of zip can unpack to gigabytes of XML (shared strings are held in
        # memory as a whole); the declared sizes bound what zipfile will unpack.
        unpacked = sum(info.file_size for info in zipfile.ZipFile(stream).infolist())
        if unpacked > max_bytes * XLSX_UNPACKED_RATIO:
            message = _(
                "Isi berkas XLSX ini terlalu besar setelah dibuka (paling besar "
                "%(megabytes)s MB). Simpan sebagai CSV atau bagi menjadi beberapa berkas."
            )
            raise ImportFileError(
                message % {"megabytes": _megabytes(max_bytes * XLSX_UNPACKED_RATIO)}
            )
    book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    try:
        for row in book.active.iter_rows(values_only=True):
            if any(isinstance(cell, str) and "\x00" in cell for cell in row):
                raise ValueError("a NUL character, which no database column takes")
            yield row
    finally:
        book.close()


def _csv_text(content: bytes) -> str:
    text = content.decode("utf-8-sig")
    if "\x00" in text:  # a binary file, or UTF-16 text; no database column takes NUL
        raise ValueError("a NUL character")
    return text


def _dataset(rows, max_rows: int | None) -> tablib.Dataset:
    # Blank lines are kept (tablib's own readers drop them), so line numbers stay right.
    rows = iter(rows)
    header = next(rows, None)
    data = tablib.Dataset(headers=list(header) if header else None)
    for row in rows:
        if max_rows is not None and len(data) >= max_rows:
            message = _("Berkas berisi lebih dari %(rows)s baris pegawai. Bagi menjadi beberapa "
                        "berkas.")  # fmt: skip
            raise ImportFileError(message % {"rows": number_format(max_rows, force_grouping=True)})
        row = list(row)
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
    data = export_dataset(employees)
    content = _xlsx(data) if extension == "xlsx" else data.export("csv").encode()
    return content, CONTENT_TYPES[extension]


def _xlsx(data: tablib.Dataset) -> bytes:
    """One sheet in which every cell is text. openpyxl (and tablib through it) would store a
    string that starts with "=" as a formula and "#N/A" as an error value."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("pegawai")
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, name, bold=True) for name in data.headers])
    for values in data:
        sheet.append([_text_cell(sheet, value) for value in values])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _text_cell(sheet, value: str, bold: bool = False) -> WriteOnlyCell:
    # Control characters other than tab and line breaks cannot be stored in XLSX at all.
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell
