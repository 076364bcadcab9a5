import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Employee
from cards import services
from cards.models import new_token
from tests.factories import EmployeeFactory
from verification.tokens import Status, is_well_formed, look_up

pytestmark = pytest.mark.django_db


def test_a_card_in_force_of_an_active_employee_is_valid(card, employee):
    outcome = look_up(card.token)
    assert (outcome.status, outcome.card, outcome.employee) == (Status.VALID, card, employee)
    assert outcome.shows_record


def test_a_token_nobody_was_given_is_not_found():
    outcome = look_up(new_token())
    assert (outcome.status, outcome.card, outcome.employee) == (Status.NOT_FOUND, None, None)
    assert not outcome.shows_record


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "23456789abcdefghjkmnpqrstu",
        "O" * 26,
        "2" * 27,
        "2" * 25,
        "' OR 1=1 --",
        "٣" * 26,
    ],
)
def test_a_malformed_token_is_not_found_without_asking_the_database(
    token, django_assert_num_queries
):
    assert not is_well_formed(token)
    with django_assert_num_queries(0):
        assert look_up(token).status == Status.NOT_FOUND


def test_a_revoked_card_is_revoked_at_once(card, employee, hr_officer):
    services.revoke_card(card, "Kartu hilang", hr_officer)
    outcome = look_up(card.token)
    assert (outcome.status, outcome.card, outcome.employee) == (Status.REVOKED, card, employee)
    assert not outcome.shows_record


def test_the_old_token_of_a_reissued_card_is_replaced_and_the_new_one_valid(card, hr_officer):
    old_token = card.token
    services.reissue_card(card, hr_officer)
    replaced = look_up(old_token)
    assert (replaced.status, replaced.card) == ("replaced", card)
    assert not replaced.shows_record
    assert look_up(card.token).status == Status.VALID


def test_reissuing_a_revoked_card_makes_its_new_token_valid(card, hr_officer):
    services.revoke_card(card, "Data salah", hr_officer)
    revoked_token = card.token
    services.reissue_card(card, hr_officer)
    assert look_up(revoked_token).status == Status.REPLACED
    assert look_up(card.token).status == Status.VALID


def test_revocation_wins_over_an_inactive_employee(card, employee, hr_officer):
    services.revoke_card(card, "Pensiun", hr_officer)
    employee.status = Employee.Status.RETIRED
    employee.save()
    assert look_up(card.token).status == Status.REVOKED


def test_a_retired_employee_card_is_not_active(retired_card):
    outcome = look_up(retired_card.token)
    assert outcome.status == Status.NOT_ACTIVE and outcome.shows_record


def test_a_pppk_whose_contract_has_ended_is_not_active(agency):
    today = timezone.localdate()
    pppk = EmployeeFactory(
        agency=agency, asn_type="PPPK", start_date=today - dt.timedelta(days=800),
        contract_end_date=today + dt.timedelta(days=30),
    )  # fmt: skip
    card = services.card_for(pppk)
    Employee.objects.filter(pk=pppk.pk).update(contract_end_date=today - dt.timedelta(days=1))
    assert look_up(card.token).status == Status.NOT_ACTIVE
