"""Demo agencies, units and employees for development and for trying the portal."""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.hr.roles import ensure_hr_group
from accounts.models import Agency, Employee, WorkUnit
from accounts.ranks import PNS_PANGKAT, PPPK_GOLONGAN

AGENCIES = [
    ("BKN", "Badan Kepegawaian Negara", "BKN", [
        ("SETTAMA", "Sekretariat Utama", None),
        ("BIRO-SDM", "Biro Sumber Daya Manusia", "SETTAMA"),
        ("DIT-PENGADAAN", "Direktorat Pengadaan dan Kepangkatan", None),
        ("KANREG-V", "Kantor Regional V Jakarta", None),
    ]),
    ("PEMPROV-JABAR", "Pemerintah Provinsi Jawa Barat", "Pemprov Jabar", [
        ("SETDA", "Sekretariat Daerah", None),
        ("BKD", "Badan Kepegawaian Daerah", "SETDA"),
        ("DISDIK", "Dinas Pendidikan", None),
        ("SMAN3-BDG", "SMA Negeri 3 Bandung", "DISDIK"),
    ]),
    ("KEMENKES", "Kementerian Kesehatan Republik Indonesia", "Kemenkes", [
        ("SETJEN", "Sekretariat Jenderal", None),
        ("RO-SDM", "Biro Organisasi dan Sumber Daya Manusia", "SETJEN"),
        ("DITJEN-YANKES", "Direktorat Jenderal Pelayanan Kesehatan", None),
        ("RSUP-PERSAHABATAN", "RSUP Persahabatan", "DITJEN-YANKES"),
    ]),
]  # fmt: skip


@dataclass(frozen=True)
class DemoPerson:
    role: str
    nip: str
    name: str
    gender: str
    asn_type: str
    agency: str
    unit: str
    position: str
    rank: str
    start: dt.date | None
    front_title: str = ""
    back_title: str = ""
    birth_place: str = ""
    status: str = Employee.Status.ACTIVE
    contract_end: dt.date | None = None
    staff: bool = False
    superuser: bool = False


def _future_start(today: dt.date) -> dt.date:
    month = today.month + 3
    return dt.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def demo_people(today: dt.date) -> list[DemoPerson]:
    return [
        DemoPerson("PNS aktif", "198609262015051001", "Andi Pratama Wijaya", "L", "PNS", "BKN",
                   "BIRO-SDM", "Analis Sumber Daya Manusia Aparatur Ahli Muda", "III/c",
                   dt.date(2016, 5, 1), back_title="S.E., M.Ak.", birth_place="Makassar"),
        DemoPerson("PPPK aktif", "199203142023212005", "Siti Nurhaliza Rahmawati", "P", "PPPK",
                   "PEMPROV-JABAR", "SMAN3-BDG", "Guru Ahli Pertama", "PPPK-IX",
                   dt.date(2024, 3, 1), back_title="S.Pd.", birth_place="Bandung",
                   contract_end=dt.date(2029, 2, 28)),
        DemoPerson("TMT belum tiba", "199807022025031003", "Bagus Setiawan", "L", "PNS",
                   "KEMENKES", "RSUP-PERSAHABATAN", "Perawat Ahli Pertama", "III/a",
                   _future_start(today), back_title="S.Kep., Ners", birth_place="Surabaya"),
        DemoPerson("Pensiun", "196001151986031004", "Bambang Sutrisno", "L", "PNS", "BKN",
                   "KANREG-V", "Kepala Bidang Mutasi", "IV/b", dt.date(1987, 3, 1),
                   front_title="Drs. H.", back_title="M.Si.", birth_place="Yogyakarta",
                   status=Employee.Status.RETIRED),
        DemoPerson("Petugas SDM BKN", "198203172006042002", "Dewi Lestari Handayani", "P",
                   "PNS", "BKN", "BIRO-SDM", "Kepala Subbagian Administrasi Kepegawaian", "III/d",
                   dt.date(2007, 4, 1), back_title="S.Sos., M.AP.", birth_place="Semarang",
                   staff=True),
        DemoPerson("Petugas SDM Pemprov Jabar", "198511022010011003", "Rizky Maulana Hidayat",
                   "L", "PNS", "PEMPROV-JABAR", "BKD", "Analis Kepegawaian Ahli Muda", "III/c",
                   dt.date(2011, 1, 1), back_title="S.H.", birth_place="Garut", staff=True),
        DemoPerson("Petugas SDM Kemenkes", "197908212005012001", "Ratna Sari Dewi", "P", "PNS",
                   "KEMENKES", "RO-SDM", "Analis Kepegawaian Ahli Madya", "IV/a",
                   dt.date(2006, 1, 1), back_title="S.Psi., M.M.", birth_place="Medan",
                   staff=True),
        DemoPerson("Superuser", "197505102000031001", "Hendra Gunawan", "L", "PNS", "BKN",
                   "SETTAMA", "Pranata Komputer Ahli Madya", "IV/a", dt.date(2001, 3, 1),
                   back_title="S.Kom., M.T.", birth_place="Jakarta", staff=True, superuser=True),
    ]  # fmt: skip


FIRST_NAMES_M = ["Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendro", "Imam", "Joko", "Kurniawan",
                 "Lukman", "Muhammad", "Nanang", "Putu", "Rahmat", "Slamet", "Teguh", "Wahyu",
                 "Yusuf", "Arif", "Dimas", "Gede", "Ilham", "Reza", "Taufik"]  # fmt: skip
FIRST_NAMES_F = ["Ayu", "Dewi", "Endang", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nur",
                 "Putri", "Ratna", "Sri", "Tuti", "Wulan", "Yuliana", "Anisa", "Citra", "Galuh",
                 "Intan", "Nadia", "Rina", "Sekar"]  # fmt: skip
FAMILY_NAMES = ["Santoso", "Wibowo", "Saputra", "Hidayat", "Kusuma", "Nugroho", "Pratama",
                "Setiawan", "Siregar", "Nasution", "Simanjuntak", "Wijaya", "Hasibuan", "Lubis",
                "Purnomo", "Rahmawati", "Susanti", "Wahyuni", "Permata", "Utami", "Harahap",
                "Sinaga", "Manurung", "Suryadi"]  # fmt: skip
POSITIONS = ["Analis Kepegawaian Ahli Pertama", "Pranata Komputer Ahli Muda", "Guru Ahli Muda",
             "Perawat Ahli Pertama", "Dokter Ahli Madya", "Penata Laporan Keuangan",
             "Pengelola Data", "Arsiparis Ahli Pertama", "Auditor Ahli Muda",
             "Perencana Ahli Muda", "Analis Kebijakan Ahli Pertama", "Bidan Terampil"]  # fmt: skip
BACK_TITLES = ["", "S.Kom.", "S.E.", "S.H.", "S.Pd.", "S.T.", "S.Kep., Ners", "M.Si.", "A.Md."]


def _synthetic_employee(rng: random.Random, units: list[WorkUnit], today: dt.date, used: set):
    while True:
        birth = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
        asn_type = "PPPK" if rng.random() < 0.3 else "PNS"
        year = min(today.year, birth.year + rng.randint(22, 35))
        gender = rng.choice("12")
        middle = f"{year}{rng.randint(1, 12):02d}" if asn_type == "PNS" else f"{year}21"
        nip = f"{birth:%Y%m%d}{middle}{gender}{rng.randint(1, 999):03d}"
        if nip not in used:
            used.add(nip)
            break
    first = rng.choice(FIRST_NAMES_M if gender == "1" else FIRST_NAMES_F)
    unit = rng.choice(units)
    rank = (
        rng.choice(list(PNS_PANGKAT)[4:14])
        if asn_type == "PNS"
        else ("PPPK-" + rng.choice(PPPK_GOLONGAN[4:12]))
    )
    return Employee(
        nip=nip,
        name=f"{first} {rng.choice(FAMILY_NAMES)}",
        back_title=rng.choice(BACK_TITLES),
        birth_date=birth,
        gender="L" if gender == "1" else "P",
        asn_type=asn_type,
        agency_id=unit.agency_id,
        work_unit=unit,
        position=rng.choice(POSITIONS),
        rank=rank,
        start_date=dt.date(min(year + 1, today.year), rng.randint(1, 12), 1)
        if year < today.year
        else dt.date(year, 1, 1),
        contract_end_date=dt.date(year + 5, 12, 31) if asn_type == "PPPK" else None,
    )


@transaction.atomic
def seed(password: str, extra_employees: int = 0, batch_size: int = 5000) -> list[dict]:
    """Create or update the demo records; running it again gives the same data."""
    today = timezone.localdate()
    agencies, units = {}, {}
    for code, name, short, unit_rows in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short}
        )
        agencies[code] = agency
        for unit_code, unit_name, parent in unit_rows:
            units[unit_code], _ = WorkUnit.objects.update_or_create(
                agency=agency,
                code=unit_code,
                defaults={"name": unit_name, "parent": units.get(parent)},
            )

    password_hash = make_password(password)
    hr_group = ensure_hr_group()
    existing = {
        e.nip: e for e in Employee.objects.filter(nip__in=[p.nip for p in demo_people(today)])
    }
    accounts = []
    for person in demo_people(today):
        current = existing.get(person.nip)
        # Keep a hash that already matches, so a second run changes nothing.
        keep_hash = current is not None and current.check_password(password)
        employee, _ = Employee.objects.update_or_create(
            nip=person.nip,
            defaults={
                "name": person.name,
                "front_title": person.front_title,
                "back_title": person.back_title,
                "birth_place": person.birth_place,
                "birth_date": dt.date(
                    int(person.nip[:4]), int(person.nip[4:6]), int(person.nip[6:8])
                ),
                "gender": person.gender,
                "asn_type": person.asn_type,
                "status": person.status,
                "agency": agencies[person.agency],
                "work_unit": units[person.unit],
                "position": person.position,
                "rank": person.rank,
                "start_date": person.start,
                "contract_end_date": person.contract_end,
                "email": f"{person.nip}@demo.mysapk.local",
                "is_staff": person.staff,
                "is_superuser": person.superuser,
                "password": current.password if keep_hash else password_hash,
            },
        )
        if person.staff and not person.superuser:
            employee.groups.add(hr_group)
        accounts.append(
            {
                "nip": employee.nip,
                "name": employee.full_name,
                "role": person.role,
                "asn_type": employee.asn_type,
                "status": employee.status,
                "agency": employee.agency.name,
                "staff": employee.is_staff,
                "superuser": employee.is_superuser,
            }
        )

    if extra_employees:
        _seed_synthetic(extra_employees, list(units.values()), password_hash, today, batch_size)
    return accounts


def _seed_synthetic(count, units, password_hash, today, batch_size):
    # A fixed seed makes the n-th synthetic employee the same on every run.
    rng = random.Random(20261125)
    used = set()
    batch = []
    for _ in range(count):
        employee = _synthetic_employee(rng, units, today, used)
        employee.password = password_hash
        employee.email = f"{employee.nip}@demo.mysapk.local"
        batch.append(employee)
        if len(batch) >= batch_size:
            Employee.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Employee.objects.bulk_create(batch, ignore_conflicts=True)
