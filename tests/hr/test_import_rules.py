"""What the import accepts and refuses, row by row (the use case behind admin and command)."""

import io

import openpyxl
import pytest

from accounts.hr.importing.files import ImportFileError, export_dataset, read_dataset
from accounts.models import Employee
from cards.employees import import_employees
from cards.models import CardEvent
from cards.services import card_for
from tests.factories import EmployeeFactory
from tests.hr.rows import dataset, synthetic_rows
from tests.hr.samples import BAD_LINES, DOCS, GOOD_ROWS, OTHER_AGENCY_NIP

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_like(agency, units, other_agency, other_unit):
    """Agency A with the demo unit codes; agency B owning the NIP used in the bad sample."""
    EmployeeFactory(nip=OTHER_AGENCY_NIP, agency=other_agency, work_unit=other_unit,
                    birth_date="1992-03-14", gender="P", asn_type="PPPK")  # fmt: skip
    return agency


def _sample(name):
    return read_dataset((DOCS / name).read_bytes(), name)


@pytest.mark.parametrize("name", ["contoh-salah.csv", "contoh-salah.xlsx"])
def test_the_bad_sample_reports_exactly_its_bad_rows_and_writes_nothing(demo_like, name):
    before = Employee.objects.count()
    result, report = import_employees(_sample(name), demo_like, dry_run=False)
    assert {bad.line for bad in report.bad_rows} == set(BAD_LINES)
    assert all(bad.problems for bad in report.bad_rows)
    assert not report.written and Employee.objects.count() == before


def test_each_bad_row_says_why_by_column(demo_like):
    _, report = import_employees(_sample("contoh-salah.csv"), demo_like)
    reasons = {bad.line: bad.problems for bad in report.bad_rows}
    assert reasons[3] == [("nip", "NIP harus terdiri dari tepat 18 angka.")]
    assert "Tanggal lahir di NIP" in reasons[4][0][1]
    assert "jenis kelamin" in reasons[5][0][1]
    assert reasons[7] == [("kode_unit", "Kode unit “DISDIK” tidak ada di instansi ini.")]
    assert reasons[8][0][0] == "golongan"
    assert "baris 10" in reasons[9][0][1] and "baris 9" in reasons[10][0][1]
    assert "instansi lain" in reasons[11][0][1]
    assert reasons[12] == [("nama", "Wajib diisi.")]
    assert reasons[13][0][0] == "tanggal_lahir"


def test_skip_bad_rows_writes_the_good_rows_only(demo_like):
    _, report = import_employees(_sample("contoh-salah.csv"), demo_like, dry_run=False,
                           skip_bad_rows=True)  # fmt: skip
    assert report.written and report.new == 3
    assert Employee.objects.filter(nip="199710102022032009", agency=demo_like).exists()
    assert not Employee.objects.filter(nip="198905192014022001").exists()  # the duplicate


@pytest.mark.parametrize("name", ["contoh-benar.csv", "contoh-benar.xlsx"])
def test_the_good_sample_imports_every_row(demo_like, name):
    _, report = import_employees(_sample(name), demo_like, dry_run=False)
    assert report.ok and report.written and report.new == len(GOOD_ROWS)
    fajar = Employee.objects.get(nip="199408232022211007")
    assert (fajar.asn_type, fajar.rank, fajar.work_unit.code) == ("PPPK", "PPPK-IX", "KANREG-V")
    assert not fajar.has_usable_password() and fajar.agency == demo_like
    ahmad = Employee.objects.get(nip="197912042005011003")
    assert ahmad.full_name == "Dr. Ahmad Syaiful Anwar, M.Si."


def test_a_dry_run_writes_nothing_even_for_a_good_file(demo_like):
    before = Employee.objects.count()
    _, report = import_employees(_sample("contoh-benar.csv"), demo_like, dry_run=True)
    assert report.new == len(GOOD_ROWS) and not report.written
    assert Employee.objects.count() == before


def test_a_second_import_updates_what_changed_and_bumps_the_card(demo_like):
    import_employees(_sample("contoh-benar.csv"), demo_like, dry_run=False)
    rudi = Employee.objects.get(nip="199105122019031004")
    card = card_for(rudi)
    rows = [dict(r) for r in GOOD_ROWS]
    rows[0]["golongan"], rows[0]["jabatan"] = "III/b", "Pranata Komputer Ahli Muda"
    _, report = import_employees(dataset(rows), demo_like, dry_run=False)
    assert (report.new, report.changed, report.unchanged) == (0, 1, len(GOOD_ROWS) - 1)
    assert report.changes[0]["changes"] == [
        ("jabatan", "Pranata Komputer Ahli Pertama", "Pranata Komputer Ahli Muda"),
        ("golongan", "III/a", "III/b"),
    ]
    rudi.refresh_from_db()
    card.refresh_from_db()
    assert rudi.rank == "III/b" and card.revision == 2
    assert card.events.filter(kind=CardEvent.Kind.DATA_CHANGED).exists()


def test_each_changed_employee_gets_a_card_event_naming_just_what_changed(demo_like):
    import_employees(_sample("contoh-benar.csv"), demo_like, dry_run=False)
    rows = [dict(r) for r in GOOD_ROWS]
    wulan, fajar = (Employee.objects.get(nip=r["nip"]) for r in rows[1:3])
    cards = [card_for(wulan), card_for(fajar)]
    rows[1]["kode_unit"], rows[2]["jabatan"] = "SETTAMA", "Pranata Komputer Ahli Muda"
    _, report = import_employees(dataset(rows), demo_like, dry_run=False)
    wulan.refresh_from_db()
    assert report.changed == 2 and wulan.work_unit.code == "SETTAMA"
    heard = {}
    for card in cards:
        card.refresh_from_db()
        event = card.events.get(kind=CardEvent.Kind.DATA_CHANGED)
        assert card.revision == 2 and event.revision == 2
        heard[card.employee_id] = event.detail["fields"]
    assert heard == {wulan.pk: ["work_unit_id"], fajar.pk: ["position"]}


def test_a_blank_status_keeps_the_current_one(demo_like):
    import_employees(_sample("contoh-benar.csv"), demo_like, dry_run=False)
    Employee.objects.filter(nip=GOOD_ROWS[0]["nip"]).update(status="pensiun")
    rows = [{**GOOD_ROWS[0], "status": ""}]
    _, report = import_employees(dataset(rows), demo_like, dry_run=False)
    assert report.unchanged == 1
    assert Employee.objects.get(nip=GOOD_ROWS[0]["nip"]).status == "pensiun"


def test_an_admin_account_cannot_be_changed_by_an_hr_import(demo_like, hr_officer):
    row = {"nip": hr_officer.nip, "nama": "Diubah", "tanggal_lahir": str(hr_officer.birth_date),
           "jenis_kelamin": hr_officer.gender, "jenis_asn": "PNS", "kode_unit": "SETTAMA",
           "email": "baru@jahat.id"}  # fmt: skip
    _, report = import_employees(dataset([row]), demo_like, dry_run=False)
    assert "petugas admin" in report.bad_rows[0].problems[0][1]
    hr_officer.refresh_from_db()
    assert hr_officer.email != "baru@jahat.id"


def test_a_nip_saved_as_a_spreadsheet_number_is_refused_not_truncated(demo_like):
    book = openpyxl.Workbook()
    book.active.append(["nip", "nama", "tanggal_lahir", "jenis_kelamin", "jenis_asn", "kode_unit"])
    book.active.append([199105122019031004.0, "Rudi", "1991-05-12", "L", "PNS", "SETTAMA"])
    buffer = io.BytesIO()
    book.save(buffer)
    _, report = import_employees(read_dataset(buffer.getvalue(), "angka.xlsx"), demo_like)
    assert report.bad_rows[0].problems[0][0] == "nip"
    assert "Teks" in report.bad_rows[0].problems[0][1]


def test_headers_are_matched_without_regard_to_case_and_spaces(demo_like):
    rows = [{k.upper().replace("_", " "): v for k, v in GOOD_ROWS[0].items()}]
    data = dataset(rows, headers=list(rows[0]))
    _, report = import_employees(data, demo_like, dry_run=False)
    assert report.new == 1 and report.ok


def test_a_file_without_a_required_column_is_refused_as_a_whole(demo_like):
    rows = [{k: v for k, v in GOOD_ROWS[0].items() if k != "kode_unit"}]
    _, report = import_employees(dataset(rows, headers=list(rows[0])), demo_like, dry_run=False)
    assert report.file_errors == ["Kolom wajib tidak ada di berkas: kode_unit."]
    assert not report.written and report.bad_rows == []


def test_an_unreadable_file_is_told_apart():
    with pytest.raises(ImportFileError):
        read_dataset(b"PK\x03\x04 rusak", "rusak.xlsx")
    with pytest.raises(ImportFileError):
        read_dataset(b"a,b", "data.ods")


def test_many_rows_import_in_one_go(demo_like):
    rows = synthetic_rows(300, ["SETTAMA", "BIRO-SDM", "KANREG-V"])
    _, report = import_employees(dataset(rows), demo_like, dry_run=False)
    assert report.new == 300 and Employee.objects.filter(agency=demo_like).count() == 300


def test_an_export_cannot_smuggle_a_spreadsheet_formula_and_still_round_trips(demo_like):
    rows = [{**GOOD_ROWS[0], "nama": '=HYPERLINK("http://jahat.example","klik")',
             "ponsel": "+62 812 3456 7801"}]  # fmt: skip
    import_employees(dataset(rows), demo_like, dry_run=False)
    exported = export_dataset(Employee.objects.filter(agency=demo_like))
    assert exported.dict[0]["nama"] == '\'=HYPERLINK("http://jahat.example","klik")'
    assert exported.dict[0]["ponsel"] == "+62 812 3456 7801"
    _, report = import_employees(exported, demo_like, dry_run=False)
    assert report.unchanged == 1 and report.changed == 0
