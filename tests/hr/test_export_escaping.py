"""An export never hands a spreadsheet a live formula, in any column, and still imports back.

A unit code such as `=1+cmd|'/C calc'!A0` or a position typed as a formula would otherwise run
when an officer opens the export in Excel or LibreOffice (CSV injection).
"""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from accounts.hr.importing.cells import escaped, unescaped
from accounts.hr.importing.files import read_dataset
from cards.employees import import_employees
from tests.factories import EmployeeFactory, WorkUnitFactory
from tests.hr.rows import dataset

pytestmark = pytest.mark.django_db

EXPORT = "/admin/accounts/employee/export/"
UNIT_CODE = "=1+cmd|'/C calc'!A0"
POSITION = "@SUM(1+1)*cmd|'/C calc'!A0"
NAME = "-2+3+cmd|'/C calc'!A0"


@pytest.fixture
def booby_trapped(agency):
    """An employee whose unit code, position and name are formulas (data from before the
    unit-code rule, or typed by someone who meant harm)."""
    unit = WorkUnitFactory(agency=agency, code=UNIT_CODE, name="Unit Jebakan")
    return EmployeeFactory(agency=agency, work_unit=unit, position=POSITION, name=NAME,
                           back_title="#REF!", birth_date=dt.date(1986, 9, 26))  # fmt: skip


def _export(client, extension: str) -> bytes:
    response = client.post(EXPORT, {"format": {"csv": "0", "xlsx": "1"}[extension]})
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
)
def test_every_formula_start_gets_an_apostrophe_that_the_import_takes_off(cell):
    assert escaped(cell) == "'" + cell
    assert unescaped("'" + cell) == cell


@pytest.mark.parametrize("cell", ["+62 812 3456 7801", "-5", "Analis", "2015-06-01", "III/b", ""])
def test_numbers_and_plain_text_are_exported_as_they_are(cell):
    assert escaped(cell) == cell


def test_the_csv_export_starts_every_formula_looking_cell_with_an_apostrophe(
    hr_client, booby_trapped
):
    rows = csv.DictReader(io.StringIO(_export(hr_client, "csv").decode()))
    row = next(row for row in rows if row["nip"] == booby_trapped.nip)
    assert row["kode_unit"] == "'" + UNIT_CODE
    assert row["jabatan"] == "'" + POSITION
    assert row["nama"] == "'" + NAME


def test_the_xlsx_export_holds_only_text_cells_and_no_formula(hr_client, booby_trapped):
    sheet = openpyxl.load_workbook(io.BytesIO(_export(hr_client, "xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}  # no "f" (formula), no "e" (#REF!)
    values = {cell.value for cell in cells}
    assert {"'" + UNIT_CODE, "'" + POSITION, "'" + NAME, "#REF!"} <= values


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_with_formula_text_imports_back_unchanged(
    hr_client, agency, booby_trapped, extension
):
    exported = read_dataset(_export(hr_client, extension), f"pegawai.{extension}")
    rows = [row for row in exported.dict if row["nip"] == booby_trapped.nip]  # not the officer
    _plan, report = import_employees(dataset(rows, exported.headers), agency, dry_run=True)
    assert report.ok, report.bad_rows
    assert (report.unchanged, report.changed, report.new) == (1, 0, 0)


def test_a_control_character_in_the_data_does_not_break_the_xlsx_export(hr_client, agency):
    # XLSX cannot hold most control characters at all; the export leaves them out.
    EmployeeFactory(agency=agency, birth_place="Ban\x01dung", birth_date=dt.date(1990, 3, 14))
    sheet = openpyxl.load_workbook(io.BytesIO(_export(hr_client, "xlsx"))).active
    assert "Bandung" in {cell.value for row in sheet.iter_rows() for cell in row}
