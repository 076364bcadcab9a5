"""Test settings: the one settings module, in development mode with its own data folder."""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="mysapk-test-"))

from mysapk.settings import *  # noqa: E402,F403

CAPTCHA_TEST_MODE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run in the test process even when REDIS_URL is set; tests/test_jobs_worker.py starts
# real workers of its own.
CELERY_TASK_ALWAYS_EAGER = True
