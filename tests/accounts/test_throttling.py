"""The budgets: reserved before the work, never more than the limit, and what an address is."""

import threading

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory

from accounts import throttling

pytestmark = pytest.mark.django_db

WRONG = "salah-salah-salah"


def key_for(remote_addr: str, **meta) -> str:
    return throttling.client_key(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **meta))


def fail_login(remote_addr: str, n: int = 0):
    nip = f"1990010120150510{n % 90 + 10:02d}"
    return Client(REMOTE_ADDR=remote_addr).post("/login/", {"nip": nip, "password": WRONG})


def asks_for_captcha(remote_addr: str) -> bool:
    return 'name="captcha_0"' in Client(REMOTE_ADDR=remote_addr).get("/login/").content.decode()


# What an address is


@pytest.mark.parametrize(
    "remote_addr, key",
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::1", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("fe80::1%eth0", "fe80::/64"),
        ("", "unreadable"),
        ("bukan-alamat", "unreadable"),
    ],
)
def test_ipv4_clients_are_keyed_by_address_and_ipv6_clients_by_their_64(remote_addr, key):
    assert key_for(remote_addr) == key


def test_a_trusted_proxy_forwarding_ipv6_is_keyed_by_the_clients_64(settings):
    settings.TRUSTED_PROXIES = 1
    assert key_for("10.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:5:6::99") == "2001:db8:5:6::/64"


def test_forty_addresses_of_one_ipv6_64_share_one_login_budget(settings):
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    for n in range(limit):
        fail_login(f"2001:db8:1:2::{n + 1:x}", n)
    assert asks_for_captcha("2001:db8:1:2:ffff:ffff:ffff:fffe")
    assert not asks_for_captcha("2001:db8:1:3::1")


def test_ipv4_mapped_ipv6_counts_as_the_ipv4_address(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    for n in range(3):
        fail_login("::ffff:198.51.100.7", n)
    assert asks_for_captcha("198.51.100.7")
    assert not asks_for_captcha("198.51.100.8")


def test_unreadable_addresses_share_one_budget(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    for n, remote_addr in enumerate(["", "unknown", "bukan-alamat"]):
        fail_login(remote_addr, n)
    assert asks_for_captcha("???")


def test_qr_login_codes_are_counted_per_ipv6_64(settings):
    settings.QR_LOGIN_CREATE_LIMIT_PER_ADDRESS = 3
    browsers = [Client(REMOTE_ADDR=f"2001:db8:7:7::{n + 1}") for n in range(4)]
    statuses = [b.post("/login/qr/baru/").status_code for b in browsers]
    assert statuses == [200, 200, 200, 429]


# Reservations


def test_parallel_requests_never_get_more_uses_than_the_limit(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_NIP = 5
    start = threading.Barrier(40)
    granted = []

    def attempt():
        start.wait()
        granted.append(throttling.spend("login", {"nip": "199001012015051001"}) == 0)

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert granted.count(True) == 5


def test_the_use_that_reaches_the_limit_goes_ahead_and_the_next_waits_a_window(settings):
    subjects = {"nip": "199001012015051001"}
    limit = settings.LOGIN_FAILURE_LIMIT_PER_NIP
    assert [throttling.spend("login", subjects) for _ in range(limit)] == [0] * limit
    assert throttling.seconds_to_wait("login", subjects) == settings.LOGIN_LOCKOUT_SECONDS
    assert 0 < throttling.spend("login", subjects) <= settings.LOGIN_LOCKOUT_SECONDS


def test_a_refused_request_keeps_no_use_of_any_subject(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_NIP = 1
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    address = {"address": "198.51.100.7"}
    both = {**address, "nip": "199001012015051001"}
    assert throttling.spend("login", both) == 0
    assert throttling.spend("login", both) > 0  # the NIP is over: the address keeps no use
    assert [throttling.spend("login", address) == 0 for _ in range(3)] == [True, True, False]


def test_a_released_use_is_given_back(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 2
    address = {"address": "198.51.100.7"}
    throttling.spend("login", address)
    throttling.spend("login", address)
    assert throttling.seconds_to_wait("login", address)
    throttling.release("login", address)
    assert throttling.seconds_to_wait("login", address) == 0
    assert throttling.spend("login", address) == 0


def test_a_colleague_logging_in_gives_back_the_address_use(client, employee, password, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 2
    fail_login("127.0.0.1")
    for _ in range(3):
        client.post("/login/", {"nip": employee.nip, "password": password})
        assert client.session.get(SESSION_KEY) == str(employee.pk)
        client.post("/logout/")
    assert not asks_for_captcha("127.0.0.1")
