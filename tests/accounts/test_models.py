import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Employee, WorkUnit
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


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Andi \u202eajiW"),  # right-to-left override: prints the name reversed
        ("name", "\u200b" * 150),  # zero-width spaces: prints a blank name
        ("front_title", "Dr.\u2060"),  # word joiner
        ("back_title", "S.Kom.\ufeff"),  # byte-order mark
        ("position", "Analis\u200d Kepegawaian"),  # zero-width joiner
        ("birth_place", "Band\x07ung"),  # a control character
    ],
)
def test_printed_text_refuses_invisible_characters(employee, field, value):
    setattr(employee, field, value)
    with pytest.raises(ValidationError) as refused:
        employee.full_clean()
    assert [e.code for e in refused.value.error_dict[field]] == ["invisible_character"]


def test_printed_text_keeps_real_letters_of_every_script(employee):
    employee.name, employee.back_title = "Ni Luh Putu Ayu Séptiani Ñ Nguyễn", "S.Kom., M.Sc."
    employee.full_clean()


def test_a_name_of_spaces_only_is_refused(employee):
    employee.name = "   "
    with pytest.raises(ValidationError):
        employee.full_clean()


@pytest.mark.parametrize("code", ["=1+cmd|'/C calc'!A0", "biro sdm", "BIRO_SDM", "+62", "A\u200b"])
def test_unit_codes_are_capitals_digits_and_hyphens_only(agency, code):
    with pytest.raises(ValidationError) as refused:
        WorkUnit(agency=agency, code=code, name="Biro SDM").full_clean()
    assert "code" in refused.value.error_dict


def test_a_unit_code_like_biro_sdm_is_accepted(agency):
    WorkUnit(agency=agency, code="BIRO-SDM-2", name="Biro SDM").full_clean()


def test_unit_names_refuse_invisible_characters(agency):
    with pytest.raises(ValidationError) as refused:
        WorkUnit(agency=agency, code="SDM", name="Biro \u202eMDS").full_clean()
    assert "name" in refused.value.error_dict
