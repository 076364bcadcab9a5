"""The user-facing sample files in docs/import/, as data.

`write_all()` rewrites docs/import/ from these rows (docs/import/README.md shows how); a test
checks that the committed files still match, and others that the bad sample fails on exactly
BAD_LINES.
"""

from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from accounts.hr.importing.cells import COLUMNS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import"
TEXT_COLUMNS = ("nip", "ponsel")


def _row(nip, nama, lahir, jk, asn, unit, gol, tmt="", **extra):
    return {"nip": nip, "nama": nama, "tanggal_lahir": lahir, "jenis_kelamin": jk,
            "jenis_asn": asn, "status": "aktif", "kode_unit": unit, "golongan": gol, "tmt": tmt,
            **extra}  # fmt: skip


GOOD_ROWS = [
    _row("199105122019031004", "Rudi Hartono", "1991-05-12", "L", "PNS", "DIT-PENGADAAN", "III/a",
         "2020-03-01", gelar_belakang="S.Kom.", tempat_lahir="Palembang",
         jabatan="Pranata Komputer Ahli Pertama", email="rudi.hartono@contoh.go.id",
         ponsel="081234567801"),
    _row("198707082010122002", "Wulan Sari Puspitasari", "1987-07-08", "P", "PNS", "BIRO-SDM",
         "III/c", "2011-12-01", gelar_belakang="S.Psi., M.Psi.", tempat_lahir="Malang",
         jabatan="Analis Sumber Daya Manusia Aparatur Ahli Muda",
         email="wulan.sari@contoh.go.id", ponsel="081234567802"),
    _row("199408232022211007", "Fajar Nugroho", "1994-08-23", "L", "PPPK", "KANREG-V", "IX",
         "2023-01-01", gelar_belakang="S.T.", tempat_lahir="Cirebon",
         jabatan="Pranata Komputer Ahli Pertama", akhir_kontrak="2027-12-31",
         email="fajar.nugroho@contoh.go.id", ponsel="081234567803"),
    _row("197912042005011003", "Ahmad Syaiful Anwar", "1979-12-04", "L", "PNS", "SETTAMA",
         "IV/a", "2006-01-01", gelar_depan="Dr.", gelar_belakang="M.Si.",
         tempat_lahir="Padang", jabatan="Kepala Bagian Umum",
         email="ahmad.anwar@contoh.go.id", ponsel="081234567804"),
    _row("199612152020122012", "Nadia Putri Lestari", "1996-12-15", "P", "PNS", "BIRO-SDM",
         "III/a", "2021-12-01", gelar_belakang="S.H.", tempat_lahir="Denpasar",
         jabatan="Analis Hukum Ahli Pertama", email="nadia.putri@contoh.go.id",
         ponsel="081234567805"),
    _row("199002282023212011", "Intan Permatasari", "1990-02-28", "P", "PPPK", "DIT-PENGADAAN",
         "VII", "2024-03-01", gelar_belakang="A.Md.", tempat_lahir="Pontianak",
         jabatan="Pengelola Data", akhir_kontrak="2028-02-29",
         email="intan.permata@contoh.go.id", ponsel="081234567806"),
    _row("198303102009041001", "Yusuf Maulana", "1983-03-10", "L", "PNS", "KANREG-V", "III/d",
         "2010-04-01", gelar_belakang="S.E., M.M.", tempat_lahir="Banjarmasin",
         jabatan="Auditor Ahli Muda", email="yusuf.maulana@contoh.go.id",
         ponsel="081234567807"),
    _row("199811052024031002", "Dimas Aryo Pamungkas", "1998-11-05", "L", "PNS", "SETTAMA",
         "II/c", "2025-03-01", tempat_lahir="Solo", jabatan="Pengadministrasi Perkantoran",
         email="dimas.aryo@contoh.go.id", ponsel="081234567808"),
]  # fmt: skip

# Lines as a spreadsheet numbers them (line 1 is the header).
BAD_LINES = {
    3: "NIP of 17 digits",
    4: "NIP birth date differs from tanggal_lahir",
    5: "NIP gender digit differs from jenis_kelamin",
    7: "unit code of another agency",
    8: "PPPK golongan for a PNS",
    9: "same NIP as line 10",
    10: "same NIP as line 9",
    11: "NIP of an employee of another agency (demo: Pemprov Jabar)",
    12: "nama missing",
    13: "tanggal_lahir not YYYY-MM-DD",
}
OTHER_AGENCY_NIP = "199203142023212005"

BAD_ROWS = [
    _row("199304172021021005", "Hendra Kurniawan", "1993-04-17", "L", "PNS", "BIRO-SDM",
         "III/a", "2022-02-01", jabatan="Arsiparis Ahli Pertama"),
    _row("19910512201903100", "Slamet Riyadi", "1991-05-12", "L", "PNS", "SETTAMA", "III/a"),
    _row("199002142018012003", "Kartika Dewi", "1990-02-15", "P", "PNS", "BIRO-SDM", "III/b"),
    _row("198811302015031002", "Maya Anggraini", "1988-11-30", "P", "PNS", "KANREG-V", "III/c"),
    _row("199507202023211009", "Taufik Hidayat", "1995-07-20", "L", "PPPK", "KANREG-V", "IX",
         "2023-06-01", akhir_kontrak="2028-05-31"),
    _row("199201102019031006", "Reza Pahlevi", "1992-01-10", "L", "PNS", "DISDIK", "III/a"),
    _row("199306062020121004", "Lukman Hakim", "1993-06-06", "L", "PNS", "SETTAMA", "IX"),
    _row("198905192014022001", "Sri Wahyuni", "1989-05-19", "P", "PNS", "BIRO-SDM", "III/b"),
    _row("198905192014022001", "Sri Wahyuningsih", "1989-05-19", "P", "PNS", "BIRO-SDM", "III/b"),
    _row(OTHER_AGENCY_NIP, "Siti Nurhaliza Rahmawati", "1992-03-14", "P", "PPPK", "BIRO-SDM",
         "IX"),
    _row("199109092019032007", "", "1991-09-09", "P", "PNS", "SETTAMA", "III/a"),
    _row("199105252019031008", "Gede Wirawan", "25/05/1991", "L", "PNS", "SETTAMA", "III/a"),
    _row("199710102022032009", "Citra Ayu Lestari", "1997-10-10", "P", "PNS", "DIT-PENGADAAN",
         "III/a", "2023-03-01", gelar_belakang="S.Ak."),
]  # fmt: skip


def csv_text(rows) -> str:
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(_csv_cell(str(row.get(c, ""))) for c in COLUMNS))
    return "\r\n".join(lines) + "\r\n"


def _csv_cell(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def write_xlsx(rows, path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "pegawai"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(c, "") or None for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column) + 4)
        if column in TEXT_COLUMNS:  # 18 digits do not survive as a number
            sheet.column_dimensions[letter].number_format = "@"
            for (cell,) in sheet.iter_rows(min_col=index, max_col=index, max_row=len(rows) + 1):
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    book.save(path)


def write_all(folder: Path = DOCS) -> None:
    for name, rows in (("templat-pegawai", []), ("contoh-benar", GOOD_ROWS),
                       ("contoh-salah", BAD_ROWS)):  # fmt: skip
        (folder / f"{name}.csv").write_text(csv_text(rows), encoding="utf-8")
        write_xlsx(rows, folder / f"{name}.xlsx")
