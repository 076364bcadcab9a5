"""An upload to the admin is read within caps: bytes, rows, and what an XLSX unpacks to.

Every refusal is a plain message on the upload form, never a server error or a worker that
runs out of memory. The command, run by an operator on the server for big files, has no caps.
"""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from accounts.hr.importing.cells import COLUMNS
from accounts.hr.importing.files import ImportFileError, read_upload
from tests.hr.rows import dataset, synthetic_rows

pytestmark = pytest.mark.django_db

IMPORT = "/admin/accounts/employee/import/"


@pytest.fixture
def officer(hr_client, units):
    return hr_client


def _rows_csv(count: int) -> bytes:
    return dataset(synthetic_rows(count, ["SETTAMA"])).export("csv").encode()


def _upload(client, name: str, content: bytes):
    response = client.post(IMPORT, {"import_file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    return response


def _file_errors(response) -> list[str]:
    return response.context["form"].errors.get("import_file", [])


def test_a_file_over_the_byte_cap_is_refused_before_it_is_read(officer, settings):
    settings.IMPORT_MAX_BYTES = 1_500_000
    response = _upload(officer, "besar.csv", b"nip,nama\n" + b"x" * 1_500_000)
    assert _file_errors(response) == [
        "Berkas terlalu besar: paling besar 1,5 MB. Bagi menjadi beberapa berkas."
    ]
    assert "report" not in response.context


def test_a_file_over_the_row_cap_is_refused_and_one_at_the_cap_is_read(officer, settings):
    settings.IMPORT_MAX_ROWS = 3
    refused = _upload(officer, "empat.csv", _rows_csv(4))
    assert _file_errors(refused) == [
        "Berkas berisi lebih dari 3 baris pegawai. Bagi menjadi beberapa berkas."
    ]
    accepted = _upload(officer, "tiga.csv", _rows_csv(3))
    assert _file_errors(accepted) == [] and accepted.context["report"].new == 3


def test_the_row_cap_counts_the_rows_of_an_xlsx_sheet(settings):
    settings.IMPORT_MAX_ROWS = 2
    book = openpyxl.Workbook()
    for row in ([*COLUMNS], *([f"{n}"] for n in range(3))):
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    with pytest.raises(ImportFileError, match="lebih dari 2 baris"):
        read_upload(content.getvalue(), "pegawai.xlsx")


def test_an_xlsx_that_unpacks_to_far_more_than_the_cap_is_refused(officer, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/sharedStrings.xml", "A" * 300_000)  # about 1 KB packed
    assert len(packed.getvalue()) < 10_000
    response = _upload(officer, "bom.xlsx", packed.getvalue())
    assert _file_errors(response) == [
        "Isi berkas XLSX ini terlalu besar setelah dibuka (paling besar 0,2 MB). Simpan "
        "sebagai CSV atau bagi menjadi beberapa berkas."
    ]


def test_a_file_with_a_nul_character_is_unreadable_not_a_server_error(officer):
    response = _upload(officer, "nul.csv", _rows_csv(1).replace(b"Pegawai", b"Peg\x00awai"))
    assert _file_errors(response) == ["Berkas tidak dapat dibaca sebagai CSV."]


def test_the_caps_speak_english_too(settings):
    settings.IMPORT_MAX_ROWS = 1000
    with translation.override("en"), pytest.raises(ImportFileError) as refused:
        read_upload(_rows_csv(1001), "pegawai.csv")
    assert str(refused.value) == (
        "The file has more than 1,000 employee rows. Split it into several files."
    )


def test_the_command_reads_big_files_without_the_admin_caps(agency, units, settings, tmp_path):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BYTES = 1, 100
    path = tmp_path / "pegawai.csv"
    path.write_bytes(_rows_csv(3))
    out = io.StringIO()
    call_command("import_employees", str(path), "--agency", "BKN", "--dry-run", stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    assert "3 new" in out.getvalue()
