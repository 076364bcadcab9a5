import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.nip import format_nip, mask_nip, validate_nip, validate_nip_matches

TODAY = dt.date(2026, 11, 25)


def error_codes(exc: ValidationError) -> set[str]:
    return {e.code for e in exc.error_list}


@pytest.mark.parametrize(
    "nip, asn_type",
    [
        ("198609262015051001", "PNS"),  # the reference example
        ("196001151986031004", "PNS"),
        ("200002292024012999", "PNS"),  # born on a leap day
        ("199203142023212005", "PPPK"),  # NI PPPK: "21" is not a month, and need not be
    ],
)
def test_valid_nips_pass(nip, asn_type):
    validate_nip(nip, asn_type, today=TODAY)


@pytest.mark.parametrize(
    "nip, asn_type, code",
    [
        ("19860926201505100", "PNS", "nip_format"),  # 17 digits
        ("1986092620150510011", "PNS", "nip_format"),  # 19 digits
        ("19860926 201505 1 001", "PNS", "nip_format"),  # spaces are not stored
        ("1986O9262015051001", "PNS", "nip_format"),  # letter O
        ("198613262015051001", "PNS", "nip_birth_date"),  # month 13
        ("199002302015051001", "PNS", "nip_birth_date"),  # 30 February
        ("190001012015051001", "PNS", "nip_birth_date"),  # implausibly old
        ("203001012015051001", "PNS", "nip_birth_date"),  # born in the future
        ("198609262015131001", "PNS", "nip_appointment"),  # appointment month 13
        ("198609262015001001", "PNS", "nip_appointment"),  # appointment month 00
        ("198609261990051001", "PNS", "nip_appointment"),  # appointed aged 3
        ("198609262035051001", "PNS", "nip_appointment"),  # appointed in 2035
        ("198609262015053001", "PNS", "nip_gender"),  # gender digit 3
        ("198609262015050001", "PNS", "nip_gender"),  # gender digit 0
        ("198609262015051000", "PNS", "nip_sequence"),  # sequence 000
        ("199213142023212005", "PPPK", "nip_birth_date"),
        ("199203142023219005", "PPPK", "nip_gender"),
    ],
)
def test_invalid_nips_fail_with_their_rule(nip, asn_type, code):
    with pytest.raises(ValidationError) as exc:
        validate_nip(nip, asn_type, today=TODAY)
    assert error_codes(exc.value) == {code}


def test_nip_that_matches_the_stored_birth_date_and_gender_passes():
    validate_nip_matches("198609262015051001", dt.date(1986, 9, 26), "L")


def test_nip_with_another_birth_date_than_stored_fails():
    with pytest.raises(ValidationError) as exc:
        validate_nip_matches("198609262015051001", dt.date(1986, 9, 27), "L")
    assert error_codes(exc.value) == {"nip_birth_date_mismatch"}


def test_nip_with_another_gender_than_stored_fails():
    with pytest.raises(ValidationError) as exc:
        validate_nip_matches("198609262015051001", dt.date(1986, 9, 26), "P")
    assert error_codes(exc.value) == {"nip_gender_mismatch"}


def test_nip_is_printed_in_groups():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"


@pytest.mark.parametrize(
    ("nip", "printed"),
    [
        ("198609262015051001", "19860926 201505 1 001"),
        ("199203152020122003", "19920315 202012 2 003"),
        ("12345", "12345"),  # not a NIP: printed as given
    ],
)
def test_nip_on_the_card_is_printed_in_groups(nip, printed):
    assert format_nip(nip) == printed


def test_the_public_sees_the_nip_without_its_birth_date():
    assert mask_nip("198609262015051001") == "•••••••• 201505 1 001"
    assert mask_nip("12345") == "12345"  # not a NIP: nothing to hide, shown as given
