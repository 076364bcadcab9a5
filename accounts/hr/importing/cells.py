"""One spreadsheet cell ⇄ one employee field.

`parse` turns a cell into a field value or raises ValueError with a message an HR officer can
act on; `shown` and `exported` turn a field value back into text (the dry-run preview, the
audit message, the export file).
"""

import datetime as dt

from django.utils.translation import gettext as _

from accounts.models import Employee
from accounts.ranks import PNS_PANGKAT, PPPK_GOLONGAN

COLUMNS = (
    "nip", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir",
    "jenis_kelamin", "jenis_asn", "status", "kode_unit", "jabatan", "golongan", "tmt",
    "akhir_kontrak", "email", "ponsel",
)  # fmt: skip
REQUIRED = ("nip", "nama", "tanggal_lahir", "jenis_kelamin", "jenis_asn", "kode_unit")
# The Employee field each column fills.
FIELDS = {
    "nip": "nip", "nama": "name", "gelar_depan": "front_title", "gelar_belakang": "back_title",
    "tempat_lahir": "birth_place", "tanggal_lahir": "birth_date", "jenis_kelamin": "gender",
    "jenis_asn": "asn_type", "status": "status", "kode_unit": "work_unit", "jabatan": "position",
    "golongan": "rank", "tmt": "start_date", "akhir_kontrak": "contract_end_date",
    "email": "email", "ponsel": "phone",
}  # fmt: skip
COLUMN_OF = {field: column for column, field in FIELDS.items()}
DATES = ("tanggal_lahir", "tmt", "akhir_kontrak")
CHOICES = {
    "jenis_kelamin": {"L": "L", "P": "P"},
    "jenis_asn": {"PNS": "PNS", "PPPK": "PPPK"},
    # The code or its label ("Meninggal dunia"), as an officer may type either.
    "status": {code: code for code in Employee.Status.values}
    | {str(label): code for code, label in Employee.Status.choices},
}
# What a spreadsheet may run as a formula when a cell starts with it (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def header(value) -> str:
    """The column a header names: people type "NIP", " Nama " or "Kode Unit"."""
    return "_".join(str(value or "").strip().lower().split())


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number cell: 1991 rather than 1991.0
    return str(value).strip()


def filled(value) -> bool:
    return text(value) != ""


def parse(column: str, value, row: dict, units: dict):
    """The field value of one cell; `row` is the whole row, `units` the agency's by code."""
    value = unescaped(value)
    if column == "nip":
        return nip(value)
    if column in DATES:
        return date(value)
    if column in CHOICES:
        return choice(value, CHOICES[column])
    if column == "golongan":
        return rank(value, text(row.get("jenis_asn")).upper())
    if column == "kode_unit":
        return unit(value, units)
    return text(value)


def nip(value) -> str:
    if isinstance(value, float):
        # An 18-digit number does not fit in a spreadsheet number: its last digits are lost.
        raise ValueError(
            _("NIP tersimpan sebagai angka sehingga digit terakhirnya hilang; "
              "format kolom nip sebagai Teks.")
        )  # fmt: skip
    return "".join(text(value).split())


def date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not filled(value):
        return None
    try:
        return dt.date.fromisoformat(text(value))
    except ValueError:
        raise ValueError(
            _("“%(value)s” bukan tanggal TTTT-BB-HH (contoh: 1986-09-26).") % {"value": text(value)}
        ) from None


def choice(value, choices: dict[str, str]) -> str:
    """A value from a short list, matched without regard to case; blank stays blank."""
    cell = text(value)
    if not cell:
        return ""
    for label, code in choices.items():
        if label.casefold() == cell.casefold():
            return code
    raise ValueError(
        _("“%(value)s” tidak dikenal; isi salah satu dari: %(allowed)s.")
        % {"value": cell, "allowed": ", ".join(choices)}
    )


def rank(value, asn_type: str) -> str:
    """PNS: "III/a"; PPPK: "IX", stored as "PPPK-IX"."""
    cell = text(value).replace(" ", "")
    if not cell:
        return ""
    if asn_type == "PPPK":
        roman = cell.upper().removeprefix("PPPK-")
        if roman in PPPK_GOLONGAN:
            return f"PPPK-{roman}"
        message = _("Golongan “%(value)s” tidak ada untuk PPPK; isi I sampai XVII.")
    else:
        roman, _slash, letter = cell.partition("/")
        code = f"{roman.upper()}/{letter.lower()}"
        if code in PNS_PANGKAT:
            return code
        message = _("Golongan “%(value)s” tidak ada untuk PNS; isi I/a sampai IV/e.")
    raise ValueError(message % {"value": text(value)})


def unit(value, units: dict):
    """The unit with this code among the importing agency's units (keys casefolded)."""
    code = text(value)
    if not code:
        return None
    try:
        return units[code.casefold()]
    except KeyError:
        raise ValueError(
            _("Kode unit “%(code)s” tidak ada di instansi ini.") % {"code": code}
        ) from None


def shown(column: str, value) -> str:
    """A field value as the file writes it: a unit's code, "IX" for PPPK-IX, ISO dates."""
    if value is None:
        return ""
    if column == "kode_unit":
        return value.code
    if column == "golongan":
        return value.removeprefix("PPPK-")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def exported(column: str, employee: Employee) -> str:
    """The export cell, escaped: every column, whoever typed its value."""
    return escaped(shown(column, getattr(employee, FIELDS[column])))


def escaped(cell: str) -> str:
    """Text that a spreadsheet would run as a formula ("=HYPERLINK(…)", CSV injection) gets a
    leading apostrophe, which the import takes off again (`unescaped`)."""
    if cell.startswith(FORMULA_STARTS) and not cell[1:].replace(" ", "").isdigit():
        return "'" + cell  # "+62 812…" stays as it is: a phone number, not a formula
    return cell


def unescaped(value):
    """A cell as an officer typed it, without the apostrophe the export put before a formula."""
    if not isinstance(value, str):
        return value  # an XLSX number or date cell
    cell = value.strip()
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else value
