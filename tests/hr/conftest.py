"""Personas for the HR admin: officers of agency A (BKN) and B (Pemprov Jabar), each with a
real "HR Instansi" membership, and B's data an A officer must never reach."""

import datetime as dt

import pytest

from accounts.hr.roles import ensure_hr_group
from tests.factories import EmployeeFactory, WorkUnitFactory, with_photo

UNIT_CODES = ("SETTAMA", "BIRO-SDM", "DIT-PENGADAAN", "KANREG-V")


# Fixed birth dates: the factory's date sequence grows with every employee of the session, and
# late in a long run its NIPs get an appointment year in the future, which the admin refuses.
@pytest.fixture
def employee(agency):
    return EmployeeFactory(agency=agency, name="Andi Pratama Wijaya", back_title="S.E.",
                           birth_date=dt.date(1986, 9, 26))  # fmt: skip


@pytest.fixture
def other_employee(agency):
    return EmployeeFactory(agency=agency, name="Siti Rahmawati", gender="P",
                           birth_date=dt.date(1990, 3, 14))  # fmt: skip


@pytest.fixture
def hr_group(db):
    return ensure_hr_group()


@pytest.fixture
def hr_officer(hr_officer, hr_group):
    hr_officer.groups.add(hr_group)
    return hr_officer


@pytest.fixture
def other_hr_officer(other_hr_officer, hr_group):
    other_hr_officer.groups.add(hr_group)
    return other_hr_officer


@pytest.fixture
def superuser(agency):
    return EmployeeFactory(agency=agency, name="Hendra Gunawan", is_staff=True, is_superuser=True)


@pytest.fixture
def units(agency):
    return {code: WorkUnitFactory(agency=agency, code=code, name=f"Unit {code}")
            for code in UNIT_CODES}  # fmt: skip


@pytest.fixture
def other_unit(other_agency):
    return WorkUnitFactory(agency=other_agency, code="DISDIK", name="Dinas Pendidikan Jabar")


@pytest.fixture
def hr_client(client, hr_officer):
    client.force_login(hr_officer)
    return client


@pytest.fixture
def foreigner(other_agency, other_unit):
    """An employee of agency B with a card and a confirmed photo."""
    person = EmployeeFactory(agency=other_agency, work_unit=other_unit, name="Siti Nurhaliza",
                             gender="P", asn_type="PPPK")  # fmt: skip
    with_photo(person)
    return person
