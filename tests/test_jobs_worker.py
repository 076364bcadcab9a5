"""Every job kind on real Celery workers over Redis, and a worker killed mid-job losing nothing.

The workers are processes of their own (tests/jobs_workers.py) on the test database and the
test Redis, as in production. Skipped unless DATABASE_URL is PostgreSQL and REDIS_URL is set:
an in-memory SQLite database cannot be shared with another process (CI's PostgreSQL + Redis
pass runs them).
"""

import datetime as dt
from email import message_from_bytes

import pytest
from captcha.models import CaptchaStore
from django.core.mail import EmailMessage
from django.utils import timezone

from accounts import outbox
from accounts.tasks import purge_stale_qr_logins
from cards.models import Card, CardEvent, RenderedFile
from cards.outputs import DOWNLOADS
from cards.tasks import issue_due_cards, prerender_cards
from mysapk.celery import app
from tests.factories import EmployeeFactory
from tests.jobs_tasks import issue_card_when_released
from tests.jobs_workers import wait_for, workers
from tests.servers import require_shared_services
from tests.test_jobs_purge import captcha, qr_request, scan
from verification.models import VerificationEvent
from verification.tasks import purge_scans

pytestmark = pytest.mark.django_db(transaction=True)
JOB_SECONDS = 180  # generous: two shared cores, a cold worker, WeasyPrint's first render


@pytest.fixture
def start_worker(tmp_path, monkeypatch):
    require_shared_services()
    monkeypatch.setitem(app.conf, "task_always_eager", False)  # this process only enqueues
    with workers(tmp_path) as start:
        yield start


def sent_mail(tmp_path) -> list:
    folder = tmp_path / "mail"
    return [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.log"))]


def test_every_job_kind_runs_on_a_real_worker(start_worker, agency, tmp_path):
    start_worker()
    due = EmployeeFactory(agency=agency, start_date=timezone.localdate())
    drawn = EmployeeFactory(agency=agency)
    old_scan = scan(None, days_ago=100)
    expired_captcha, stale_qr = captcha(-5), qr_request(3)

    issue_due_cards.delay()
    prerender_cards.delay([drawn.pk])
    purge_scans.delay()
    purge_stale_qr_logins.delay()
    outbox.send_later(EmailMessage("Uji antrean", "Isi", to=["andi@contoh.go.id"]))

    assert outbox.flush(timeout=1)  # nothing held in this process: a worker sends it
    wait_for(lambda: len(sent_mail(tmp_path)) == 1, JOB_SECONDS, "the e-mail")
    [message] = sent_mail(tmp_path)
    assert message["Subject"] == "Uji antrean" and message["To"] == "andi@contoh.go.id"
    card = wait_for(lambda: Card.objects.filter(employee=due).first(), JOB_SECONDS, "the card")
    assert card.issued_at == dt.datetime.combine(
        timezone.localdate(), dt.time(), timezone.get_default_timezone()
    )
    wait_for(lambda: RenderedFile.objects.filter(card__employee=drawn).count() == len(DOWNLOADS),
             JOB_SECONDS, "the pre-rendered files")  # fmt: skip
    wait_for(lambda: not VerificationEvent.objects.filter(pk=old_scan.pk).exists(), JOB_SECONDS,
             "the old scan purged")  # fmt: skip
    assert not CaptchaStore.objects.filter(pk=expired_captcha.pk).exists()
    wait_for(lambda: not type(stale_qr).objects.filter(pk=stale_qr.pk).exists(), JOB_SECONDS,
             "the stale QR login code purged")  # fmt: skip


def test_a_job_whose_worker_is_killed_mid_job_is_done_by_another_exactly_once(
    start_worker, agency, tmp_path
):
    employee = EmployeeFactory(agency=agency)
    folder = tmp_path / "job"
    folder.mkdir()
    first = start_worker()

    issue_card_when_released.delay(str(folder), employee.pk)
    wait_for(lambda: list(folder.glob("started-*")), JOB_SECONDS, "the job to start")
    first.kill()
    assert not Card.objects.filter(employee=employee).exists()

    (folder / "release").touch()
    start_worker()

    wait_for(lambda: Card.objects.filter(employee=employee).exists(), JOB_SECONDS,
             "the job to run again on the second worker")  # fmt: skip
    assert len(list(folder.glob("started-*"))) >= 2  # it really ran again
    assert Card.objects.filter(employee=employee).count() == 1
    assert CardEvent.objects.filter(card__employee=employee).count() == 1


def test_a_job_delivered_twice_has_its_effect_once(start_worker, agency):
    start_worker()
    employees = EmployeeFactory.create_batch(3, agency=agency)

    for _ in range(3):
        issue_due_cards.delay()

    wait_for(lambda: Card.objects.count() == 3, JOB_SECONDS, "three cards")
    wait_for(lambda: CardEvent.objects.count() == 3, JOB_SECONDS, "their events")
    assert sorted(Card.objects.values_list("employee", flat=True)) == sorted(
        e.pk for e in employees
    )
