import pytest
from django.conf import settings

from tests.accounts.hashers import password_checks
from tests.servers import BrowserLikeClient, at_once, gunicorn_servers, require_shared_services


@pytest.mark.django_db(transaction=True)
def test_lockout_earned_on_one_server_process_holds_on_another(employee, password, tmp_path):
    require_shared_services()
    with gunicorn_servers(2, tmp_path) as (server_a, server_b):
        attacker = BrowserLikeClient()
        statuses = [
            attacker.post_form(
                server_a + "/login/", {"nip": employee.nip, "password": "salah-lagi"}
            )[0]
            for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP)
        ]
        assert statuses == [200] * (len(statuses) - 1) + [429]  # the last failure locks
        owner = BrowserLikeClient()
        status, page = owner.post_form(
            server_b + "/login/", {"nip": employee.nip, "password": password}
        )
        assert status == 429 and "Terlalu banyak percobaan masuk" in page


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_parallel_guesses_tests_no_more_passwords_than_the_limit(
    employee, password, tmp_path
):
    require_shared_services()
    limit = settings.LOGIN_FAILURE_LIMIT_PER_NIP
    checks_log = tmp_path / "password-checks"
    live = {
        "DJANGO_SETTINGS_MODULE": "tests.accounts.live_settings",  # counts password hashes
        "PASSWORD_CHECK_LOG": str(checks_log),
        "LOGIN_FAILURE_LIMIT_PER_ADDRESS": "1000",  # one attacker address: only the NIP counts
    }
    with gunicorn_servers(2, tmp_path, workers=4, extra_env=live) as servers:
        guesses = []
        for n in range(39):
            url, attacker = servers[n % 2] + "/login/", BrowserLikeClient()
            token = attacker.open_form(url)
            data = {"nip": employee.nip, "password": f"tebakan-{n}"}
            guesses.append(lambda a=attacker, u=url, d=data, t=token: a.submit_form(u, d, t)[0])
        statuses = at_once(*guesses)
        status, page = BrowserLikeClient().post_form(
            servers[0] + "/login/", {"nip": employee.nip, "password": password}
        )
    assert password_checks(checks_log) == limit
    # Whether a tested guess is told "wrong" or "locked" depends on what finished before it.
    assert set(statuses) <= {200, 429} and statuses.count(429) >= 39 - limit
    assert status == 429 and "Terlalu banyak percobaan masuk" in page
