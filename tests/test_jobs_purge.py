"""The hourly purges: old scan records, expired captchas, stale QR login codes (eager runner)."""

import datetime as dt

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from accounts.login.models import QrLoginRequest
from accounts.tasks import purge_stale_qr_logins
from mysapk.celery import app as celery_app
from verification.models import VerificationEvent
from verification.tasks import purge_scans

pytestmark = pytest.mark.django_db


def scan(card, days_ago: int) -> VerificationEvent:
    return VerificationEvent.objects.create(
        card=card, outcome="valid", client_hash="x" * 64,
        checked_at=timezone.now() - dt.timedelta(days=days_ago),
    )  # fmt: skip


def captcha(minutes_left: int) -> CaptchaStore:
    store = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    expiration = timezone.now() + dt.timedelta(minutes=minutes_left)
    CaptchaStore.objects.filter(pk=store.pk).update(expiration=expiration)
    return store


def qr_request(expired_hours_ago: float, status="pending") -> QrLoginRequest:
    return QrLoginRequest.objects.create(
        code_hash=f"{expired_hours_ago}-{status}".ljust(64, "0"), session_hash="s" * 64,
        status=status, number=42, number_choices="42 17 88",
        expires_at=timezone.now() - dt.timedelta(hours=expired_hours_ago),
    )  # fmt: skip


def test_old_scans_and_expired_captchas_go_and_the_rest_stays(card):
    old, recent = scan(card, 91), scan(card, 89)
    expired, live = captcha(-1), captcha(5)

    counts = purge_scans.delay().get()

    assert counts == {"scans": 1, "login_addresses": 0, "captchas": 1}
    assert list(VerificationEvent.objects.all()) == [recent]
    assert list(CaptchaStore.objects.all()) == [live]
    assert not VerificationEvent.objects.filter(pk=old.pk).exists()
    assert not CaptchaStore.objects.filter(pk=expired.pk).exists()


def test_purging_twice_deletes_nothing_more(card):
    scan(card, 120)
    purge_scans()
    assert purge_scans() == {"scans": 0, "login_addresses": 0, "captchas": 0}


def test_qr_login_codes_that_let_nobody_in_are_purged(db):
    stale, fresh = qr_request(2), qr_request(0.5)
    kept = qr_request(2, status="approved")

    assert purge_stale_qr_logins.delay().get() == 1

    assert set(QrLoginRequest.objects.all()) == {fresh, kept}
    assert not QrLoginRequest.objects.filter(pk=stale.pk).exists()


def test_the_schedule_runs_every_job_kind():
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert tasks == {
        "cards.tasks.issue_due_cards",
        "verification.tasks.purge_scans",
        "accounts.tasks.purge_stale_qr_logins",
    }
