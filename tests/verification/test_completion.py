"""A completed verification: captcha used up, token looked up, scan written, all at once.

On PostgreSQL this is one SQL statement that decides the outcome itself; these tests hold it
to tokens.look_up (the rules in Python) for every kind of card, and run on SQLite too, where
the steps run one after the other.
"""

import datetime as dt

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Employee
from cards import services
from cards.models import new_token
from tests.factories import EmployeeFactory, with_photo
from verification import scans
from verification.completion import complete
from verification.models import VerificationEvent
from verification.tokens import Status, look_up

pytestmark = pytest.mark.django_db
ADDRESS = "198.51.100.7"


def solved_captcha(answer="abcde", expires_in=dt.timedelta(minutes=5)) -> tuple[str, str]:
    captcha = CaptchaStore.objects.create(
        challenge=answer.upper(), response=answer, expiration=timezone.now() + expires_in
    )
    return captcha.hashkey, answer


@pytest.fixture
def tokens_of_every_kind(card, revoked_card, replaced_token, retired_card, agency):
    pppk = EmployeeFactory(
        agency=agency,
        asn_type="PPPK",
        contract_end_date=timezone.localdate() + dt.timedelta(days=1),
    )
    ended = services.card_for(pppk)  # issued in contract; the contract ended yesterday
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Employee.objects.filter(pk=pppk.pk).update(contract_end_date=yesterday)
    pppk_in_contract = EmployeeFactory(
        agency=agency,
        asn_type="PPPK",
        contract_end_date=timezone.localdate() + dt.timedelta(days=30),
    )
    dismissed = EmployeeFactory(agency=agency)
    dismissed_card = services.card_for(dismissed)
    Employee.objects.filter(pk=dismissed.pk).update(status=Employee.Status.DISMISSED)
    return {
        "valid": card.token,
        "revoked": revoked_card.token,
        "replaced": replaced_token,
        "retired": retired_card.token,
        "contract ended": ended.token,
        "in contract": services.card_for(pppk_in_contract).token,
        "dismissed": dismissed_card.token,
        "unknown": new_token(),
        "malformed": "' OR 1=1 --",
    }


def test_every_outcome_is_the_one_the_look_up_decides(tokens_of_every_kind):
    for kind, token in tokens_of_every_kind.items():
        expected = look_up(token)
        completed = complete(token, ADDRESS, solved_captcha())
        got = completed.outcome
        assert got.status == expected.status, kind
        event = VerificationEvent.objects.latest("pk")
        assert event.outcome == expected.status, kind
        assert event.card_id == (expected.card.pk if expected.card else None), kind
        assert event.checked_at == completed.checked_at, kind
        assert event.client_hash == scans.client_hash(ADDRESS), kind
        if expected.shows_record:
            shown, want = got.employee, expected.employee
            for field in ("full_name", "masked_nip", "asn_type", "position", "rank_label"):
                assert getattr(shown, field) == getattr(want, field), (kind, field)
            assert shown.employment_status() == want.employment_status(), kind
            assert shown.agency.name == want.agency.name, kind
            assert got.card.number == expected.card.number, kind
    assert VerificationEvent.objects.count() == len(tokens_of_every_kind)


def test_the_record_carries_the_photo_and_the_work_unit(employee, card):
    photo = with_photo(employee).photo
    completed = complete(card.token, ADDRESS, solved_captcha())
    assert completed.outcome.card.photo_id == photo.pk
    assert completed.outcome.employee.work_unit.name == employee.work_unit.name


def test_a_wrong_answer_uses_the_captcha_up_and_records_nothing(card):
    key, _answer = solved_captcha("abcde")
    assert complete(card.token, ADDRESS, (key, "xxxxx")) is None
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    assert complete(card.token, ADDRESS, (key, "abcde")) is None
    assert not VerificationEvent.objects.exists()


def test_an_expired_captcha_opens_nothing(card):
    captcha = solved_captcha(expires_in=-dt.timedelta(seconds=1))
    assert complete(card.token, ADDRESS, captcha) is None
    assert not CaptchaStore.objects.exists()
    assert not VerificationEvent.objects.exists()


def test_a_captcha_works_once(card):
    captcha = solved_captcha()
    assert complete(card.token, ADDRESS, captcha).outcome.status == Status.VALID
    assert complete(card.token, ADDRESS, captcha) is None
    assert VerificationEvent.objects.count() == 1


def test_answers_are_compared_in_lower_case_without_spaces(card):
    key, _answer = solved_captcha("abcde")
    assert complete(card.token, ADDRESS, (key, "  ABCDE ")).outcome.status == Status.VALID


def test_a_logged_in_check_needs_no_captcha(card):
    assert complete(card.token, ADDRESS).outcome.status == Status.VALID
    assert VerificationEvent.objects.get().outcome == Status.VALID


def test_on_postgresql_it_is_one_statement(card):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement path is PostgreSQL's")
    captcha = solved_captcha()
    with CaptureQueriesContext(connection) as queries:
        complete(card.token, ADDRESS, captcha)
    assert len(queries) == 1
