"""'Perangkat yang masuk': the browsers logged in to an account, and logging any of them out."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.login import devices
from accounts.login.sessions import SESSION_STARTED_KEY
from accounts.models import LoginSession

pytestmark = pytest.mark.django_db

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def browser_logged_in(employee, password, user_agent=FIREFOX_LINUX, address="36.81.12.34"):
    browser = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = browser.post("/login/", {"nip": employee.nip, "password": password})
    assert response.status_code == 302
    return browser


def device_of(browser) -> LoginSession:
    return LoginSession.objects.get(session_key=browser.session.session_key)


def test_each_login_is_recorded_with_browser_address_and_way_in(employee, password):
    laptop = browser_logged_in(employee, password)
    device = device_of(laptop)
    assert (device.employee, device.browser, device.platform, device.via) == (
        employee,
        "Firefox",
        "Linux",
        LoginSession.Via.PASSWORD,
    )
    assert str(device.address) == "36.81.12.34"


def test_the_page_lists_the_logged_in_browsers_and_marks_this_one(employee, password):
    laptop = browser_logged_in(employee, password)
    browser_logged_in(employee, password, SAFARI_IPHONE, "114.4.5.6")
    page = laptop.get("/akun/perangkat/").content.decode()
    assert "Perangkat yang masuk" in page
    assert "Firefox di Linux" in page and "Safari di iOS" in page
    assert "114.4.x.x" in page and "114.4.5.6" not in page
    assert page.count("Perangkat ini<") == 1
    assert page.count(">Keluar dari perangkat ini<") == 1  # not offered for this browser


def test_logging_out_another_device_makes_its_next_request_anonymous(employee, password):
    device_a = browser_logged_in(employee, password)
    device_b = browser_logged_in(employee, password, SAFARI_IPHONE)
    assert device_b.get("/").status_code == 200

    response = device_a.post(reverse("accounts:device_logout", args=[device_of(device_b).pk]))
    assert response.status_code == 302 and response["Location"] == "/akun/perangkat/"

    response = device_b.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert SESSION_KEY not in device_b.session
    assert device_a.get("/").status_code == 200
    assert "Safari di iOS" not in device_a.get("/akun/perangkat/").content.decode()


def test_a_device_logged_out_elsewhere_is_told_once_to_wipe_what_it_kept(employee, password):
    laptop = browser_logged_in(employee, password)
    phone = browser_logged_in(employee, password, SAFARI_IPHONE)
    laptop.post(reverse("accounts:device_logout", args=[device_of(phone).pk]))

    first, second = phone.get("/"), phone.get("/login/")

    assert first["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in second
    assert "Clear-Site-Data" not in laptop.get("/")


def test_a_session_that_timed_out_keeps_what_the_device_kept(employee, password):
    phone = browser_logged_in(employee, password, SAFARI_IPHONE)
    phone.session.delete()  # expired in the store; nobody logged it out

    response = phone.get("/")

    assert response.status_code == 302 and "Clear-Site-Data" not in response


def test_logging_out_all_other_devices_keeps_this_one(employee, password):
    here = browser_logged_in(employee, password)
    others = [browser_logged_in(employee, password, SAFARI_IPHONE) for _ in range(2)]
    here.post(reverse("accounts:device_logout_others"))
    answers = [b.get("/") for b in others]
    assert [a.status_code for a in answers] == [302, 302]
    assert all(a["Clear-Site-Data"] == '"cache", "storage"' for a in answers)
    assert here.get("/").status_code == 200
    assert LoginSession.objects.filter(employee=employee).count() == 1


def test_an_employee_cannot_log_out_someone_elses_device(employee, other_employee, password):
    victim = browser_logged_in(other_employee, password)
    attacker = browser_logged_in(employee, password)
    response = attacker.post(reverse("accounts:device_logout", args=[device_of(victim).pk]))
    assert response.status_code == 404
    assert victim.get("/").status_code == 200


def test_someone_elses_devices_are_not_listed(employee, other_employee, password):
    browser_logged_in(other_employee, password, SAFARI_IPHONE)
    mine = browser_logged_in(employee, password)
    assert "Safari di iOS" not in mine.get("/akun/perangkat/").content.decode()


def test_logging_out_this_device_from_the_list_is_an_ordinary_logout(employee, password):
    laptop = browser_logged_in(employee, password)
    response = laptop.post(reverse("accounts:device_logout", args=[device_of(laptop).pk]))
    assert response["Location"] == "/login/" and SESSION_KEY not in laptop.session


def test_log_out_needs_post_and_csrf(employee, password):
    laptop = browser_logged_in(employee, password)
    target = reverse("accounts:device_logout", args=[device_of(laptop).pk])
    assert laptop.get(target).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(employee)
    assert strict.post(target).status_code == 403


def test_logging_out_removes_the_device_from_the_list(employee, password):
    laptop = browser_logged_in(employee, password)
    key = laptop.session.session_key
    laptop.post("/logout/")
    assert not LoginSession.objects.filter(session_key=key).exists()


def test_sessions_that_ended_on_their_own_are_not_listed(employee, password):
    here = browser_logged_in(employee, password)
    gone = browser_logged_in(employee, password, SAFARI_IPHONE)
    devices._session_store()(session_key=gone.session.session_key).delete()  # idle timeout
    too_old = browser_logged_in(employee, password, SAFARI_IPHONE)
    session = too_old.session
    session[SESSION_STARTED_KEY] = time.time() - 13 * 3600  # past the 12-hour limit
    session.save()
    page = here.get("/akun/perangkat/").content.decode()
    assert "Safari di iOS" not in page
    assert LoginSession.objects.filter(employee=employee).count() == 1


def test_a_password_change_ends_the_other_sessions_but_keeps_this_one_listed(employee, password):
    here = browser_logged_in(employee, password)
    browser_logged_in(employee, password, SAFARI_IPHONE)
    new = "Password-baru-yang-kuat-2026"
    here.post("/akun/password/", {"old_password": password, "new_password1": new,
                                  "new_password2": new})  # fmt: skip
    page = here.get("/akun/perangkat/").content.decode()
    assert "Firefox di Linux" in page and "Safari di iOS" not in page
    assert device_of(here).employee == employee


def test_the_devices_page_needs_a_login(client):
    assert client.get("/akun/perangkat/")["Location"] == "/login/?next=/akun/perangkat/"


def test_the_main_menu_links_to_the_devices_page(employee_client):
    assert 'href="/akun/perangkat/"' in employee_client.get("/").content.decode()


def test_last_seen_follows_activity_with_the_middleware(employee, password, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "accounts.login.devices.LastSeenMiddleware"]
    laptop = browser_logged_in(employee, password)
    first = device_of(laptop).last_seen_at
    session = laptop.session
    session[devices.SEEN_SESSION_KEY] = time.time() - devices.SEEN_EVERY_SECONDS - 1
    session.save()
    laptop.get("/")
    assert device_of(laptop).last_seen_at > first


@pytest.mark.parametrize(
    "user_agent, expected",
    [
        (FIREFOX_LINUX, "Firefox di Linux"),
        (SAFARI_IPHONE, "Safari di iOS"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge di Windows"),
        ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
         "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
         "Samsung Internet di Android"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Safari/537.36", "Chrome di macOS"),
        ("curl/8.5.0", "Peramban tidak dikenal"),
        ("", "Peramban tidak dikenal"),
    ],
)  # fmt: skip
def test_browsers_are_named_as_people_know_them(user_agent, expected):
    assert devices.describe(*devices.browser_and_platform(user_agent)) == expected


@pytest.mark.parametrize(
    "address, shown",
    [("36.81.12.34", "36.81.x.x"), ("2001:db8:1234:5678::1", "2001:0db8:1234:…"),
     (None, "tidak diketahui"), ("bukan-alamat", "tidak diketahui")],
)  # fmt: skip
def test_addresses_are_shown_masked(address, shown):
    assert devices.masked_address(address) == shown


def test_a_forged_forwarded_address_does_not_break_login(employee, password, settings):
    settings.TRUSTED_PROXIES = 1
    browser = Client(HTTP_X_FORWARDED_FOR="bukan-alamat'; DROP TABLE")
    assert browser.post("/login/", {"nip": employee.nip, "password": password}).status_code == 302
    assert device_of(browser).address is None


def test_a_session_from_before_devices_were_recorded_is_listed_when_the_page_is_opened(
    employee_client, employee
):
    LoginSession.objects.all().delete()
    page = employee_client.get("/akun/perangkat/").content.decode()
    assert "Perangkat ini<" in page
    assert LoginSession.objects.filter(employee=employee).count() == 1
