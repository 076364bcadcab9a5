"""The scan log as a service: how long it is kept."""

import datetime as dt
import io

import pytest
from captcha.models import CaptchaStore
from django.core.management import CommandError, call_command
from django.utils import timezone

from verification.models import VerificationEvent

pytestmark = pytest.mark.django_db


def _event(card, outcome="valid", **age):
    return VerificationEvent.objects.create(
        card=card,
        outcome=outcome,
        checked_at=timezone.now() - dt.timedelta(**age),
        client_hash="0" * 64,
    )


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
