"""The scan log as a service: counts for HR, and how long it is kept."""

import datetime as dt
import io

import pytest
from captcha.models import CaptchaStore
from django.core.management import CommandError, call_command
from django.utils import timezone

from cards import services
from tests.factories import EmployeeFactory
from verification.models import VerificationEvent
from verification.scans import scan_counts

pytestmark = pytest.mark.django_db


def _event(card, outcome="valid", **age):
    return VerificationEvent.objects.create(
        card=card,
        outcome=outcome,
        checked_at=timezone.now() - dt.timedelta(**age),
        client_hash="0" * 64,
    )


@pytest.fixture
def other_card(other_agency):
    return services.card_for(EmployeeFactory(agency=other_agency))


def test_counts_per_outcome_for_one_agency(card, other_card):
    _event(card, "valid", days=1)
    _event(card, "valid", days=2)
    _event(card, "revoked", days=3)
    _event(card, "valid", days=40)  # outside the 30 days
    _event(other_card, "valid", days=1)
    _event(None, "not_found", days=1)
    counts = scan_counts(card.employee.agency)
    assert counts == {"valid": 2, "not_active": 0, "revoked": 1, "replaced": 0, "not_found": 0}


def test_overall_counts_include_unknown_codes(card, other_card):
    _event(card, "valid", days=1)
    _event(other_card, "valid", days=1)
    _event(None, "not_found", hours=1)
    counts = scan_counts(None, days=7)
    assert (counts["valid"], counts["not_found"]) == (2, 1)


def test_purge_scans_deletes_events_older_than_90_days(card):
    kept = _event(card, days=89)
    _event(card, days=91)
    _event(None, "not_found", days=200)
    out = io.StringIO()
    call_command("purge_scans", stdout=out)
    assert list(VerificationEvent.objects.all()) == [kept]
    assert "2 catatan verifikasi lebih dari 90 hari dihapus" in out.getvalue()


def test_purge_scans_takes_the_number_of_days(card):
    _event(card, days=5)
    kept = _event(card, days=1)
    call_command("purge_scans", days=3, stdout=io.StringIO())
    assert list(VerificationEvent.objects.all()) == [kept]


def test_purge_scans_refuses_zero_days():
    with pytest.raises(CommandError):
        call_command("purge_scans", days=0, stdout=io.StringIO())


def test_purge_scans_also_clears_stale_captchas():
    stale = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    CaptchaStore.objects.filter(pk=stale.pk).update(expiration=timezone.now() - dt.timedelta(1))
    fresh = CaptchaStore.objects.create(challenge="FGHJK", response="fghjk")
    out = io.StringIO()
    call_command("purge_scans", stdout=out)
    assert list(CaptchaStore.objects.all()) == [fresh]
    assert "1 captcha kedaluwarsa dihapus" in out.getvalue()


def test_deleting_a_card_deletes_its_scan_log(card):
    _event(card)
    card.delete()
    assert not VerificationEvent.objects.exists()
