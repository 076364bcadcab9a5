"""Spreadsheet rows for import tests and for the 10,000-row measurement."""

import datetime as dt
import random

import tablib

from accounts.hr.importing.cells import COLUMNS


def synthetic_rows(count: int, unit_codes: list[str], seed: int = 5) -> list[dict]:
    """`count` valid employees with distinct NIPs, PNS and PPPK mixed."""
    rng = random.Random(seed)
    rows, used = [], set()
    while len(rows) < count:
        birth = dt.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        pppk = rng.random() < 0.3
        gender = rng.choice("LP")
        year = birth.year + rng.randint(20, 24)
        middle = f"{year}21" if pppk else f"{year}{rng.randint(1, 12):02d}"
        nip = f"{birth:%Y%m%d}{middle}{'1' if gender == 'L' else '2'}{rng.randint(1, 999):03d}"
        if nip in used:
            continue
        used.add(nip)
        rows.append({
            "nip": nip, "nama": f"Pegawai Impor {len(rows) + 1}", "gelar_depan": "",
            "gelar_belakang": rng.choice(["", "S.E.", "S.Kom.", "S.H."]),
            "tempat_lahir": rng.choice(["Bandung", "Medan", "Makassar"]),
            "tanggal_lahir": birth.isoformat(), "jenis_kelamin": gender,
            "jenis_asn": "PPPK" if pppk else "PNS", "status": "aktif",
            "kode_unit": rng.choice(unit_codes), "jabatan": "Analis Kepegawaian Ahli Pertama",
            "golongan": "IX" if pppk else "III/a", "tmt": f"{year + 1}-01-01",
            "akhir_kontrak": f"{year + 6}-12-31" if pppk else "",
            "email": f"{nip}@contoh.go.id", "ponsel": f"0812{rng.randint(10**7, 10**8 - 1)}",
        })  # fmt: skip
    return rows


def dataset(rows: list[dict], headers=COLUMNS) -> tablib.Dataset:
    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append([row.get(h, "") for h in headers])
    return data
