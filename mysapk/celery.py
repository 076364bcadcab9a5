"""The task queue: Celery on the Redis broker, the app loaded with Django (mysapk/__init__.py).

Settings are the CELERY_* names in mysapk/settings.py; tasks live in each app's tasks.py.
Without REDIS_URL every job runs in the process that asks for it (task_always_eager), so
`make run` needs no worker. Production runs `celery -A mysapk worker` and one
`celery -A mysapk beat` (README, "Background jobs").
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysapk.settings")

app = Celery("mysapk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
