import pytest
from django.conf import settings

from tests.servers import BrowserLikeClient, gunicorn_servers, require_shared_services


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
        assert status == 429 and "Terlalu banyak percobaan login" in page
