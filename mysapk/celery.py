"""The task queue: Celery on the Redis broker, the app loaded with Django (mysapk/__init__.py).

Settings are the CELERY_* names in mysapk/settings.py; tasks live in each app's tasks.py.
Without REDIS_URL every job runs in the process that asks for it (task_always_eager), so
`make run` needs no worker. Production runs `celery -A mysapk worker` and one
`celery -A mysapk beat` (README, "Background jobs").
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysapk.settings")

app = Celery("mysapk")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The queue's policy: a job is acknowledged only once it has finished, and given back when its
# worker dies, so a killed worker loses nothing; one job at a time per worker process; JSON
# only; no results kept (jobs write what they do to the database).
app.conf.update(
    task_eager_propagates=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    broker_connection_retry_on_startup=True,
    timezone="Asia/Jakarta",
    beat_schedule={
        # Just after midnight WIB: cards for employees whose start date is today.
        "issue-due-cards": {
            "task": "cards.tasks.issue_due_cards",
            "schedule": crontab(minute=5, hour=0),
        },
        "purge-scans": {"task": "verification.tasks.purge_scans", "schedule": crontab(minute=17)},
        "purge-qr-logins": {
            "task": "accounts.tasks.purge_stale_qr_logins",
            "schedule": crontab(minute=23),
        },
    },
)
app.autodiscover_tasks()
