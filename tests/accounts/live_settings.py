"""Settings for live servers in the lockout tests: the portal's, with password hashes counted."""

import os

from mysapk.settings import *  # noqa: F403
from mysapk.settings import PASSWORD_HASHERS
from tests.accounts.hashers import counting_hashers

PASSWORD_HASHERS = counting_hashers(PASSWORD_HASHERS)
PASSWORD_CHECK_LOG = os.environ["PASSWORD_CHECK_LOG"]
