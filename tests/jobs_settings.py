"""Settings of the real workers that tests/test_jobs_worker.py starts.

The test settings, plus a test-only task module, e-mail written to files the test reads, and
a broker that gives a dead worker's job to another after seconds instead of an hour.
"""

import os

from tests.settings import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_IMPORTS = ["tests.jobs_tasks"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("JOBS_MAIL_DIR", "")
