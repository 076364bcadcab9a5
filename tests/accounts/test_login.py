import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.login.sessions import SESSION_STARTED_KEY, SESSION_TOUCHED_KEY

pytestmark = pytest.mark.django_db

NEUTRAL = "NIP atau kata sandi salah."


def log_in(client, nip, password, **extra):
    return client.post("/login/", {"nip": nip, "password": password}, **extra)


def test_login_page_has_the_contract_labels(client):
    page = client.get("/login/").content.decode()
    for label in (">NIP<", ">Password<", ">Log In<", "Lupa Kata Sandi"):
        assert label in page


def test_employee_logs_in_with_nip_and_password(client, employee, password):
    response = log_in(client, employee.nip, password)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(employee.pk)


def test_nip_may_be_typed_with_spaces_as_printed_on_the_card(client, employee, password):
    log_in(client, employee.formatted_nip, password)
    assert client.session.get(SESSION_KEY) == str(employee.pk)


def test_wrong_password_and_unknown_nip_get_the_same_message(client, employee):
    wrong = log_in(client, employee.nip, "bukan-passwordnya").content.decode()
    unknown = log_in(client, "199001012015051999", "bukan-passwordnya").content.decode()
    assert NEUTRAL in wrong and NEUTRAL in unknown
    assert SESSION_KEY not in client.session


def test_inactive_account_gets_the_same_message(client, employee, password):
    employee.is_active = False
    employee.save()
    assert NEUTRAL in log_in(client, employee.nip, password).content.decode()


def test_login_rotates_the_session_key(client, employee, password):
    client.get("/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    log_in(client, employee.nip, password)
    assert client.session.session_key != before


def test_login_requires_csrf_token(employee, password):
    strict = Client(enforce_csrf_checks=True)
    assert log_in(strict, employee.nip, password).status_code == 403


def test_next_parameter_cannot_send_the_employee_to_another_site(client, employee, password):
    response = client.post(
        "/login/?next=https://phishing.example/", {"nip": employee.nip, "password": password}
    )
    assert response["Location"] == "/"


def test_repeated_failures_lock_the_nip_even_with_the_right_password(client, employee, password):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP):
        log_in(client, employee.nip, "salah-salah-salah")
    response = log_in(client, employee.nip, password)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_lockout_of_one_nip_does_not_affect_another(client, employee, other_employee, password):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP):
        log_in(client, employee.nip, "salah-salah-salah")
    assert log_in(client, other_employee.nip, password).status_code == 302


def test_lockout_expires(client, employee, password):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP):
        log_in(client, employee.nip, "salah-salah-salah")
    assert log_in(client, employee.nip, password).status_code == 429
    later = time.time() + settings.LOGIN_LOCKOUT_SECONDS + 1
    with mock.patch("accounts.throttling.time.time", return_value=later):
        assert log_in(client, employee.nip, password).status_code == 302


def test_one_address_spraying_many_nips_must_solve_a_captcha(client, employee, password, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    for n in range(3):
        log_in(client, f"19900101201505100{n + 1}", "salah-salah-salah")
    response = log_in(client, employee.nip, password)
    assert 'name="captcha_0"' in response.content.decode()
    assert SESSION_KEY not in client.session
    other_address = Client(REMOTE_ADDR="10.9.8.7")
    assert log_in(other_address, employee.nip, password).status_code == 302


def test_forwarded_for_is_ignored_without_trusted_proxies(client, employee, password, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 2
    for n in range(2):
        log_in(client, f"19900101201505100{n + 1}", "x" * 9, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = log_in(client, employee.nip, password, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert 'name="captcha_0"' in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_locked_nip_is_refused_without_testing_the_password(
    client, employee, password, password_checks_made
):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP):
        log_in(client, employee.nip, "salah-salah-salah")
    assert password_checks_made() == settings.LOGIN_FAILURE_LIMIT_PER_NIP
    for attempt in ("salah-lagi", password):
        assert log_in(client, employee.nip, attempt).status_code == 429
    assert password_checks_made() == settings.LOGIN_FAILURE_LIMIT_PER_NIP


def test_a_right_password_clears_the_failures_of_its_nip(client, employee, password):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP - 1):
        log_in(client, employee.nip, "salah-salah-salah")
    log_in(client, employee.nip, password)
    client.post("/logout/")
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP - 1):
        log_in(client, employee.nip, "salah-salah-salah")
    assert log_in(client, employee.nip, password).status_code == 302


def test_session_ends_after_thirty_idle_minutes(client, employee, password):
    response = log_in(client, employee.nip, password)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    session = client.session
    session.set_expiry(-1)  # as if the last activity was over 30 minutes ago
    session.save()
    assert client.get("/").status_code == 302


def test_activity_renews_the_idle_limit(client, employee, password):
    log_in(client, employee.nip, password)
    session = client.session
    session[SESSION_TOUCHED_KEY] = time.time() - 2 * 60
    session.save()
    response = client.get("/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_session_ends_twelve_hours_after_login_however_active(client, employee, password):
    log_in(client, employee.nip, password)
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_session_cookie_is_httponly_and_samesite(client, employee, password):
    response = log_in(client, employee.nip, password)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(employee):
    algorithm, variety, version, params, *_ = employee.password.split("$")[:5] + [""]
    assert algorithm == "argon2" and variety == "argon2id"
    assert employee.password.split("$")[3] == "m=19456,t=2,p=1"


def test_admin_login_is_behind_the_same_lockout(client, hr_officer, password):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_NIP):
        client.post("/admin/login/", {"username": hr_officer.nip, "password": "salah-salah-salah"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": hr_officer.nip, "password": password}
    )
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_staff_logs_in_to_the_admin_with_nip(client, hr_officer, password):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": hr_officer.nip, "password": password}
    )
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(hr_officer.pk)


@pytest.mark.parametrize("path, field", [("/login/", "nip"), ("/admin/login/", "username")])
def test_every_login_starts_the_twelve_hour_clock(client, hr_officer, password, path, field):
    before = time.time()
    client.post(path, {field: hr_officer.nip, "password": password})
    assert before <= client.session[SESSION_STARTED_KEY] <= time.time()
