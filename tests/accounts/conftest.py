import pytest

from tests.accounts.hashers import counting_hashers, password_checks


@pytest.fixture
def password_checks_made(settings, tmp_path):
    """Counts the passwords hashed from now on: call it for the number so far."""
    settings.PASSWORD_HASHERS = counting_hashers(settings.PASSWORD_HASHERS)
    settings.PASSWORD_CHECK_LOG = str(tmp_path / "password-checks")
    return lambda: password_checks(settings.PASSWORD_CHECK_LOG)
