"""The scan log as a service: how long it is kept."""

import datetime as dt
import io

import pytest
from captcha.models import CaptchaStore
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import LoginSession, QrLoginRequest
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


def test_purge_scans_forgets_login_and_qr_login_addresses_with_the_scan_log(employee):
    old, recent = timezone.now() - dt.timedelta(days=91), timezone.now() - dt.timedelta(days=89)

    def session(key, seen):
        return LoginSession.objects.create(employee=employee, session_key=key, via="password",
                                           address="203.0.113.7", created_at=seen,
                                           last_seen_at=seen)  # fmt: skip

    def code(digest, made):
        return QrLoginRequest.objects.create(code_hash=digest, session_hash="s" * 64, number=42,
                                             number_choices="42,17,88", address="2001:db8::7",
                                             created_at=made, expires_at=made)  # fmt: skip

    stale, fresh = session("a" * 40, old), session("b" * 40, recent)
    stale_code, fresh_code = code("c" * 64, old), code("d" * 64, recent)
    out = io.StringIO()
    call_command("purge_scans", stdout=out)
    for row in (stale, fresh, stale_code, fresh_code):
        row.refresh_from_db()
    assert (stale.address, stale_code.address) == (None, None)
    assert (fresh.address, fresh_code.address) == ("203.0.113.7", "2001:db8::7")
    assert "2 alamat jaringan login lebih dari 90 hari dikosongkan" in out.getvalue()
