"""Past the per-address failure limit, the login form asks for a captcha instead of refusing.

Colleagues behind one office or mobile-network NAT share an address: with the captcha they
still log in, while a password sprayer pays for every further attempt. The per-NIP lockout
is unchanged. The portal's login and the admin's (the same form) behave alike.
"""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.forms import LoginForm
from tests.verification.conftest import captcha_answer, captcha_key

pytestmark = pytest.mark.django_db

ADDRESS_LIMIT = 3
WRONG = "salah-salah-salah"
LOGINS = {
    "portal": ("/login/", "nip", "/"),
    "admin": ("/admin/login/?next=/admin/", "username", "/admin/"),
}


@pytest.fixture(params=LOGINS.values(), ids=LOGINS.keys())
def login_page(request):
    return request.param


@pytest.fixture(autouse=True)
def _small_address_limit(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = ADDRESS_LIMIT


def spray(client, count=ADDRESS_LIMIT):
    """Wrong passwords for as many different NIPs from the client's address."""
    for n in range(count):
        client.post("/login/", {"nip": f"1990010120150510{n + 10:02d}", "password": WRONG})


def log_in(client, login_page, nip, password, *, captcha=None):
    """Open the login page and submit it; captcha="right", "wrong" or None (left out)."""
    path, field, _ = login_page
    page = client.get(path).content.decode()
    data = {field: nip, "password": password}
    if captcha:
        key = captcha_key(page)
        answer = captcha_answer(key) if captcha == "right" else "tebak"
        data.update(captcha_0=key, captcha_1=answer)
    return client.post(path, data)


def logged_in(client, employee) -> bool:
    return client.session.get(SESSION_KEY) == str(employee.pk)


def test_below_the_address_limit_the_login_form_has_no_captcha(client, login_page):
    spray(client, ADDRESS_LIMIT - 1)
    assert "captcha_0" not in client.get(login_page[0]).content.decode()


def test_past_the_address_limit_the_login_form_shows_the_accessible_captcha(client, login_page):
    spray(client)
    page = client.get(login_page[0]).content.decode()
    assert 'name="captcha_0"' in page and "Kode keamanan" in page
    assert 'alt="Gambar kode keamanan berisi huruf acak"' in page
    assert 'id="bantuan-kode"' in page and 'aria-describedby="bantuan-kode"' in page


def test_a_colleague_behind_the_same_address_logs_in_with_password_and_captcha(
    client, hr_officer, password, login_page
):
    spray(client)
    response = log_in(client, login_page, hr_officer.nip, password, captcha="right")
    assert response.status_code == 302 and response["Location"] == login_page[2]
    assert logged_in(client, hr_officer)


@pytest.mark.parametrize("captcha", [None, "wrong"])
def test_the_right_password_without_the_right_captcha_does_not_log_in(
    client, hr_officer, password, login_page, captcha
):
    spray(client)
    response = log_in(client, login_page, hr_officer.nip, password, captcha=captcha)
    page = response.content.decode()
    assert response.status_code == 200 and not logged_in(client, hr_officer)
    assert 'name="captcha_0"' in page  # a new picture to try again


def test_the_failure_that_reaches_the_address_limit_brings_the_captcha_with_it(
    client, hr_officer, password, login_page
):
    spray(client, ADDRESS_LIMIT - 1)
    path, field, _ = login_page
    response = client.post(path, {field: hr_officer.nip, "password": WRONG})
    assert 'name="captcha_0"' not in response.content.decode()  # the last allowed failure
    response = client.post(path, {field: hr_officer.nip, "password": password})
    page = response.content.decode()
    assert "dari jaringan Anda" in page and 'name="captcha_0"' in page
    assert not logged_in(client, hr_officer)


def test_the_per_nip_lockout_still_locks_when_the_captcha_is_solved(
    client, hr_officer, password, login_page
):
    spray(client)
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP):
        log_in(client, login_page, hr_officer.nip, WRONG, captcha="right")
    response = log_in(client, login_page, hr_officer.nip, password, captcha="right")
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi" in response.content.decode()
    assert not logged_in(client, hr_officer)


def test_other_addresses_see_no_captcha(client, login_page):
    spray(client)
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert "captcha_0" not in elsewhere.get(login_page[0]).content.decode()


def test_the_captcha_is_asked_for_one_lockout_window(client, login_page):
    spray(client)
    later = time.time() + settings.LOGIN_LOCKOUT_SECONDS + 1
    with mock.patch("accounts.throttling.time.time", return_value=later):
        assert "captcha_0" not in client.get(login_page[0]).content.decode()


def test_successful_logins_do_not_count_against_the_address(client, employee, password):
    spray(client, ADDRESS_LIMIT - 1)
    for _ in range(3):
        client.post("/login/", {"nip": employee.nip, "password": password})
        assert logged_in(client, employee)
        client.post("/logout/")
    assert "captcha_0" not in client.get("/login/").content.decode()


def test_without_the_right_captcha_no_password_is_tested(
    client, employee, password, password_checks_made
):
    spray(client)
    before = password_checks_made()
    for captcha in (None, "wrong"):
        log_in(client, LOGINS["portal"], employee.nip, password, captcha=captcha)
    assert password_checks_made() == before


def test_a_form_opened_before_the_address_reached_its_limit_asks_on_submit(
    rf, client, employee, password
):
    form = LoginForm(rf.post("/login/"), data={"nip": employee.nip, "password": password})
    spray(client)  # meanwhile, from the same address
    assert not form.is_valid()
    assert form.has_error("captcha", "captcha") and form.user is None
