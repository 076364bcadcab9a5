"""Verification jobs of the task queue: keeping the scan log and captchas to their retention."""

from captcha.models import CaptchaStore
from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from accounts.login.devices import forget_old_addresses
from verification import scans


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=5)
def purge_scans(days: int = scans.HISTORY_DAYS) -> dict:
    """Hourly: the `purge_scans` command's work. Deleting what is old twice deletes nothing."""
    captchas, _ = CaptchaStore.objects.filter(expiration__lte=timezone.now()).delete()
    return {
        "scans": scans.purge_scans(days),
        "login_addresses": forget_old_addresses(days),
        "captchas": captchas,
    }
