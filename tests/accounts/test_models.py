import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Employee
from accounts.ranks import rank_label
from tests.factories import EmployeeFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def test_full_name_carries_front_and_back_titles(agency):
    e = EmployeeFactory.build(
        agency=agency, name="Siti Rahma", front_title="Dr.", back_title="S.Kom., M.T."
    )
    assert e.full_name == "Dr. Siti Rahma, S.Kom., M.T."


@pytest.mark.parametrize(
    "rank, label",
    [("III/a", "Penata Muda, III/a"), ("IV/e", "Pembina Utama, IV/e"), ("PPPK-IX", "Golongan IX")],
)
def test_rank_is_printed_with_its_pangkat(rank, label):
    assert rank_label(rank) == label


def test_pns_cannot_hold_a_pppk_golongan(employee):
    employee.rank = "PPPK-IX"
    with pytest.raises(ValidationError) as exc:
        employee.full_clean()
    assert "rank" in exc.value.error_dict


def test_rank_outside_the_choices_is_rejected(employee):
    employee.rank = "III/f"
    with pytest.raises(ValidationError) as exc:
        employee.full_clean()
    assert "rank" in exc.value.error_dict


def test_nip_must_agree_with_the_stored_birth_date(employee):
    employee.birth_date = employee.birth_date + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        employee.full_clean()
    assert exc.value.error_dict["nip"][0].code == "nip_birth_date_mismatch"


def test_work_unit_must_belong_to_the_employees_agency(employee, other_agency):
    employee.work_unit = WorkUnitFactory(agency=other_agency)
    with pytest.raises(ValidationError) as exc:
        employee.full_clean()
    assert "work_unit" in exc.value.error_dict


def test_pppk_whose_contract_has_ended_is_no_longer_active(agency):
    e = EmployeeFactory(agency=agency, asn_type="PPPK", contract_end_date=dt.date(2025, 1, 31))
    assert e.employment_status(dt.date(2026, 1, 1)) == Employee.Status.CONTRACT_ENDED
    assert e.employment_status(dt.date(2025, 1, 31)) == Employee.Status.ACTIVE


def test_employee_added_without_password_cannot_log_in_until_one_is_set(agency):
    e = Employee.objects.create_user("198609262015051001", name="Andi", agency=agency)
    assert not e.has_usable_password()
