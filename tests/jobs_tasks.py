"""A test-only job, loaded by the real workers (tests/jobs_settings.py): it says it started,
waits until the test lets it go, then issues one employee's card, idempotently."""

import os
import time
from pathlib import Path

from celery import shared_task

from accounts.models import Employee
from cards.tasks import issue_cards


@shared_task
def issue_card_when_released(folder: str, employee_id: int) -> int:
    folder = Path(folder)
    (folder / f"started-{os.getpid()}-{time.monotonic_ns()}").touch()
    while not (folder / "release").exists():
        time.sleep(0.1)
    return issue_cards(Employee.objects.filter(pk=employee_id))
