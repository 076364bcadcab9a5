"""Account jobs of the task queue: sending e-mail, and forgetting QR login codes never used."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

from accounts import outbox
from accounts.login import qr


# A mail server that refuses or times out is tried again later, for about two hours. A job
# given back by a worker that died after handing the message over sends it twice: a person
# may get a notice twice, never not at all.
@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=10, retry_backoff_max=1800,
             max_retries=8)  # fmt: skip
def send_email(fields: dict) -> None:
    outbox.message_from_fields(fields).send()


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=5)
def purge_stale_qr_logins() -> int:
    """Hourly: delete QR login codes that expired without logging anyone in."""
    return qr.purge_stale()
