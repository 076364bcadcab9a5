"""Test settings: the one settings module, in development mode with its own data folder."""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="mysapk-test-"))

from mysapk.settings import *  # noqa: E402,F403

CAPTCHA_TEST_MODE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
