"""Logging a computer in by scanning its QR code with a phone that is already logged in."""

import base64
import json
import re
import time
import urllib.request
from datetime import timedelta
from unittest import mock

import pypdfium2
import pytest
import weasyprint
import zxingcpp
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from accounts.login import qr as qr_login
from accounts.login.sessions import SESSION_STARTED_KEY
from accounts.models import LoginSession, QrLoginRequest
from accounts.qr_codes import qr_svg_data_uri
from tests.factories import EmployeeFactory
from tests.servers import BrowserLikeClient, gunicorn_servers, require_shared_services

pytestmark = pytest.mark.django_db

CREATE, STATUS = "/login/qr/baru/", "/login/qr/status/"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def desktop():
    """The computer: an anonymous browser on the login page."""
    browser = Client(HTTP_USER_AGENT=CHROME_WINDOWS, REMOTE_ADDR="36.81.12.34")
    browser.get("/login/")
    return browser


@pytest.fixture
def phone(employee):
    browser = Client(REMOTE_ADDR="114.4.5.6")
    browser.force_login(employee)
    return browser


def new_code(desktop) -> str:
    """The code in the QR the computer shows (from the URL the JSON also carries)."""
    response = desktop.post(CREATE)
    assert response.status_code == 200, response.content
    return response.json()["url"].rstrip("/").rsplit("/", 1)[1]


def poll(client) -> dict:
    return client.post(STATUS).json()


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


def shown_number(code) -> int:
    """The number the computer shows beside the QR of this code."""
    return qr_login.find(code).number


def approve(phone, code, number=None):
    """ "Setujui" on the phone, having picked the computer's number (or `number`)."""
    picked = shown_number(code) if number is None else number
    return phone.post(f"/login/qr/{code}/", {"keputusan": "setujui", "angka": picked})


def offered_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<input type="radio" name="angka" value="(\d+)"', page)]


# The whole flow


def test_phone_approves_and_the_computer_is_logged_in_as_that_employee(desktop, phone, employee):
    code = new_code(desktop)
    assert poll(desktop)["status"] == "pending"

    page = phone.get(f"/login/qr/{code}/").content.decode()
    assert "Chrome di Windows" in page and "36.81.x.x" in page
    assert ">Setujui<" in page and ">Tolak<" in page
    assert poll(desktop)["status"] == "scanned"

    assert approve(phone, code).status_code == 302
    before = desktop.session.session_key
    assert poll(desktop) == {"status": "approved", "redirect": "/"}
    assert logged_in_as(desktop) == str(employee.pk)
    assert desktop.session.session_key != before
    assert desktop.get("/").status_code == 200


def test_qr_login_keeps_the_approving_sessions_clock_and_is_listed_as_a_device(
    desktop, phone, employee
):
    code = new_code(desktop)
    approve(phone, code)
    poll(desktop)
    # Carried on the request as a datetime: equal to the microsecond.
    started = pytest.approx(phone.session[SESSION_STARTED_KEY], abs=1e-6)
    assert desktop.session[SESSION_STARTED_KEY] == started
    device = LoginSession.objects.get(session_key=desktop.session.session_key)
    assert (device.employee, device.via, device.browser, device.platform) == (
        employee,
        LoginSession.Via.QR,
        "Chrome",
        "Windows",
    )


def test_the_approval_is_recorded(desktop, phone, employee):
    code = new_code(desktop)
    approve(phone, code)
    poll(desktop)
    record = QrLoginRequest.objects.get()
    assert record.status == QrLoginRequest.Status.USED and record.decided_by == employee
    assert record.decided_at and record.used_at and str(record.address) == "36.81.12.34"


def test_the_desktop_goes_to_the_page_it_asked_for(desktop, phone):
    code = new_code(desktop)
    approve(phone, code)
    response = desktop.post(STATUS, {"next": "/layanan/"})
    assert response.json()["redirect"] == "/layanan/"


def test_an_outside_next_is_not_followed(desktop, phone):
    approve(phone, new_code(desktop))
    assert desktop.post(STATUS, {"next": "https://phishing.example/"}).json()["redirect"] == "/"


def test_the_phone_sees_that_the_computer_got_in(desktop, phone):
    code = new_code(desktop)
    approve(phone, code)
    assert "akan masuk" in phone.get(f"/login/qr/{code}/").content.decode()
    poll(desktop)
    assert "sudah masuk" in phone.get(f"/login/qr/{code}/").content.decode()


# Number matching: the phone's user must see the computer's screen


def test_the_computer_shows_a_two_digit_number_that_the_phone_offers_among_others(desktop, phone):
    data = desktop.post(CREATE).json()
    code = data["url"].rstrip("/").rsplit("/", 1)[1]
    assert re.fullmatch(r"[1-9]\d", data["number"])
    page = phone.get(f"/login/qr/{code}/").content.decode()
    offered = offered_numbers(page)
    assert len(offered) == len(set(offered)) == qr_login.NUMBER_CHOICES
    assert int(data["number"]) in offered
    assert "Angka berapa yang tampil di komputer, di samping kode QR?</legend>" in page
    for number in offered:  # each choice is a radio button named by its own label
        radio = f'<input type="radio" name="angka" value="{number}" required>'
        assert re.search(f"<label[^>]*>{radio}<span>{number}</span></label>", page)


def test_numbers_are_random_and_the_right_one_is_not_always_in_the_same_place(
    desktop, phone, settings
):
    settings.QR_LOGIN_CREATE_LIMIT_PER_SESSION = 100
    numbers, places = set(), set()
    for _ in range(30):
        code = new_code(desktop)
        offered = offered_numbers(phone.get(f"/login/qr/{code}/").content.decode())
        numbers.add(shown_number(code))
        places.add(offered.index(shown_number(code)))
    assert len(numbers) > 5 and places == {0, 1, 2}
    assert all(10 <= number <= 99 for number in numbers)


def test_the_right_number_logs_the_computer_in(desktop, phone, employee):
    code = new_code(desktop)
    approve(phone, code, number=shown_number(code))
    assert poll(desktop)["status"] == "approved" and logged_in_as(desktop) == str(employee.pk)


def test_a_wrong_number_refuses_the_request_and_never_logs_in(desktop, phone):
    code = new_code(desktop)
    page = phone.get(f"/login/qr/{code}/").content.decode()
    wrong = next(n for n in offered_numbers(page) if n != shown_number(code))
    assert approve(phone, code, number=wrong).status_code == 302
    assert poll(desktop)["status"] == "mismatch"

    approve(phone, code)  # the right number, too late: the computer must start over
    assert poll(desktop)["status"] == "mismatch" and logged_in_as(desktop) is None
    assert QrLoginRequest.objects.get().status == QrLoginRequest.Status.MISMATCH
    page = phone.get(f"/login/qr/{code}/").content.decode()
    assert "Angka tidak cocok" in page and "komputer itu tidak masuk ke akun Anda" in page


def test_a_number_that_was_not_offered_or_is_not_a_number_is_a_wrong_pick(desktop, phone):
    for picked in ["7", "100", "-1", "4 2", "x", "1e1"]:
        code = new_code(desktop)
        phone.post(f"/login/qr/{code}/", {"keputusan": "setujui", "angka": picked})
        assert poll(desktop)["status"] == "mismatch" and logged_in_as(desktop) is None


def test_setujui_without_a_number_asks_for_one_and_decides_nothing(desktop, phone, employee):
    code = new_code(desktop)
    response = phone.post(f"/login/qr/{code}/", {"keputusan": "setujui"})
    assert response.status_code == 200
    assert "Pilih angka yang tampil di komputer terlebih dahulu." in response.content.decode()
    assert poll(desktop)["status"] == "scanned"
    approve(phone, code)
    assert poll(desktop)["status"] == "approved" and logged_in_as(desktop) == str(employee.pk)


def test_the_phone_page_says_to_approve_only_a_code_scanned_from_the_computer_in_front_of_you(
    desktop, phone
):
    code = new_code(desktop)
    page = phone.get(f"/login/qr/{code}/").content.decode()
    assert (
        "Setujui hanya kode QR yang Anda pindai sendiri dari layar komputer yang ada di depan Anda."
        in page
    )
    assert "Jika kode ini dikirim orang lain kepada Anda" in page
    phone.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = phone.get(f"/login/qr/{code}/").content.decode()
    assert "Only approve a QR code that you scanned yourself from the screen of a computer" in page


# A QR approval never opens the admin


@pytest.mark.parametrize("role", ["hr_officer", "superuser"])
def test_a_staff_account_logged_in_by_qr_cannot_open_the_admin(desktop, role, request, password):
    staff = (
        request.getfixturevalue("hr_officer")
        if role == "hr_officer"
        else EmployeeFactory(is_staff=True, is_superuser=True)
    )
    staff_phone = Client()
    staff_phone.force_login(staff)
    assert staff_phone.get("/admin/").status_code == 200  # the phone logged in with its password
    approve(staff_phone, new_code(desktop))
    assert poll(desktop)["status"] == "approved" and logged_in_as(desktop) == str(staff.pk)

    assert desktop.get("/").status_code == 200  # the portal, yes
    for path in ["/admin/", "/admin/accounts/employee/"]:
        response = desktop.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_admin_opens_once_the_staff_member_types_the_password(desktop, hr_officer, password):
    hr_phone = Client()
    hr_phone.force_login(hr_officer)
    approve(hr_phone, new_code(desktop))
    poll(desktop)
    assert desktop.get("/admin/").status_code == 302
    response = desktop.post(
        "/admin/login/?next=/admin/", {"username": hr_officer.nip, "password": password}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert desktop.get("/admin/").status_code == 200


def test_the_staff_phone_is_told_the_computer_gets_the_portal_only(desktop, hr_officer):
    hr_phone = Client()
    hr_phone.force_login(hr_officer)
    page = hr_phone.get(f"/login/qr/{new_code(desktop)}/").content.decode()
    assert "komputer itu hanya masuk ke portal" in page


# The 12-hour limit is the approving session's


def test_a_qr_login_ends_at_the_approving_sessions_twelve_hour_mark(desktop, phone):
    started = time.time() - 11 * 60 * 60  # the phone logged in 11 hours ago
    session = phone.session
    session[SESSION_STARTED_KEY] = started
    session.save()
    approve(phone, new_code(desktop))
    assert poll(desktop)["status"] == "approved"
    assert desktop.get("/").status_code == 200

    end = started + django_settings.SESSION_MAX_LIFETIME
    with mock.patch("accounts.login.sessions.time.time", return_value=end - 60):
        assert desktop.get("/").status_code == 200
    with mock.patch("accounts.login.sessions.time.time", return_value=end + 1):
        assert desktop.get("/")["Location"].startswith("/login/")
    assert logged_in_as(desktop) is None


def test_a_chain_of_qr_logins_keeps_the_first_sessions_clock(desktop, phone):
    started = time.time() - 11 * 60 * 60
    session = phone.session
    session[SESSION_STARTED_KEY] = started
    session.save()
    approve(phone, new_code(desktop))
    poll(desktop)
    third = Client()
    third.get("/login/")
    approve(desktop, new_code(third))  # the QR-logged-in computer approves yet another browser
    assert poll(third)["status"] == "approved"
    assert third.session[SESSION_STARTED_KEY] == pytest.approx(started, abs=1e-6)


# The QR code


def test_the_qr_holds_the_public_base_url_whatever_the_host_header(desktop, settings):
    settings.PUBLIC_BASE_URL = "https://mysapk.bkn.go.id"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    data = desktop.post(CREATE, HTTP_HOST="evil.example").json()
    assert data["url"].startswith("https://mysapk.bkn.go.id/login/qr/")
    assert decode_qr(data["image"]) == data["url"]


def decode_qr(data_uri: str) -> str:
    """Rasterise the SVG the page shows (WeasyPrint → PDF → pypdfium2) and read it with zxing."""
    html = (
        f'<style>@page{{size:60mm;margin:0}}</style><img src="{data_uri}" width="226" height="226">'
    )
    pdf = pypdfium2.PdfDocument(weasyprint.HTML(string=html).write_pdf())
    image = pdf[0].render(scale=3).to_pil()
    return zxingcpp.read_barcodes(image)[0].text


def test_codes_are_long_random_and_only_their_hash_is_stored(desktop):
    codes = {new_code(desktop) for _ in range(5)}
    assert len(codes) == 5 and all(len(code) >= 22 for code in codes)  # ≥ 128 bits
    stored = set(QrLoginRequest.objects.values_list("code_hash", flat=True))
    assert not codes & stored and all(len(h) == 64 for h in stored)


def test_the_login_page_keeps_the_qr_panel_hidden_until_javascript_shows_it(client):
    page = client.get("/login/").content.decode()
    assert 'id="qr-login"' in page and "hidden" in page.split('id="qr-login"')[1].split(">")[0]
    assert "Jika Anda sudah masuk di ponsel, arahkan ponsel ke kode QR ini" in page
    assert "js/qr-login.js" in page and "<script>" not in page  # CSP: no inline script


def test_showing_the_login_page_creates_no_code(client):
    client.get("/login/")
    assert not QrLoginRequest.objects.exists()


# Nobody else can ride on the code


def test_a_third_session_cannot_be_logged_in_by_the_code(desktop, phone):
    code = new_code(desktop)
    third = Client()
    third.get("/login/")
    assert third.get(f"/login/qr/{code}/").status_code == 302  # must log in to approve
    approve(phone, code)
    assert poll(third)["status"] == "none"
    assert logged_in_as(third) is None
    assert poll(desktop)["status"] == "approved"


def test_a_session_that_copies_the_request_id_is_still_not_the_creating_session(desktop, phone):
    approve(phone, new_code(desktop))
    third = Client()
    third.get("/login/")
    session = third.session
    session[qr_login.SESSION_REQUEST_KEY] = desktop.session[qr_login.SESSION_REQUEST_KEY]
    session.save()
    assert poll(third)["status"] == "none" and logged_in_as(third) is None


class ReplayedSession(dict):
    """The creating session's key and contents, presented again after the login."""

    def __init__(self, session):
        super().__init__(session.items())
        self.session_key = session.session_key


def test_an_approved_code_logs_in_only_once(desktop, phone):
    approve(phone, new_code(desktop))
    replay = ReplayedSession(desktop.session)
    assert poll(desktop)["status"] == "approved"
    result = qr_login.poll(replay)
    assert result.employee is None and result.status == "expired"


def test_a_used_code_cannot_be_approved_again(desktop, phone, other_employee):
    code = new_code(desktop)
    approve(phone, code)
    poll(desktop)
    other_phone = Client()
    other_phone.force_login(other_employee)
    assert other_phone.get(f"/login/qr/{code}/").status_code == 404
    approve(other_phone, code)
    assert QrLoginRequest.objects.get().decided_by_id != other_employee.pk


def test_a_refused_code_does_nothing(desktop, phone):
    code = new_code(desktop)
    phone.post(f"/login/qr/{code}/", {"keputusan": "tolak"})
    assert poll(desktop)["status"] == "refused"
    approve(phone, code)
    assert poll(desktop)["status"] == "refused"
    assert logged_in_as(desktop) is None
    assert QrLoginRequest.objects.get().status == QrLoginRequest.Status.REFUSED


def test_an_expired_code_cannot_be_approved(desktop, phone):
    code = new_code(desktop)
    later = timezone.now() + qr_login.CODE_LIFETIME + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert phone.get(f"/login/qr/{code}/").status_code == 404
        approve(phone, code)
        assert poll(desktop)["status"] == "expired"
    assert logged_in_as(desktop) is None


def test_an_approval_the_computer_does_not_pick_up_in_time_is_void(desktop, phone):
    approve(phone, new_code(desktop))
    later = timezone.now() + qr_login.APPROVAL_LIFETIME + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert poll(desktop)["status"] == "expired"
    assert logged_in_as(desktop) is None


def test_a_scanned_code_gives_the_phone_user_time_to_decide(desktop, phone, employee):
    code = new_code(desktop)
    almost_expired = timezone.now() + qr_login.CODE_LIFETIME - timedelta(seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=almost_expired):
        phone.get(f"/login/qr/{code}/")
    past_first_expiry = almost_expired + timedelta(seconds=30)
    with mock.patch("django.utils.timezone.now", return_value=past_first_expiry):
        approve(phone, code)
        assert poll(desktop)["status"] == "approved"
    assert logged_in_as(desktop) == str(employee.pk)


def test_a_new_code_makes_the_previous_one_of_the_same_page_useless(desktop, phone):
    old = new_code(desktop)
    new_code(desktop)
    assert phone.get(f"/login/qr/{old}/").status_code == 404
    approve(phone, old)
    assert poll(desktop)["status"] == "pending" and logged_in_as(desktop) is None


def test_an_unknown_or_malformed_code_shows_the_same_not_valid_page(phone):
    for code in ["A" * 24, "bukan-kode-yang-benar-xyz"]:
        response = phone.get(f"/login/qr/{code}/")
        assert response.status_code == 404 and "Kode QR tidak berlaku" in response.content.decode()
    assert phone.get("/login/qr/<script>/").status_code == 404


def test_approving_needs_a_csrf_token(desktop, employee):
    code = new_code(desktop)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(employee)
    assert approve(strict, code).status_code == 403
    assert poll(desktop)["status"] == "pending"


def test_creating_and_polling_need_a_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    strict.get("/login/")
    assert strict.post(CREATE).status_code == 403
    assert strict.post(STATUS).status_code == 403
    assert strict.get(STATUS).status_code == 405


def test_an_employee_deactivated_after_approving_does_not_get_in(desktop, phone, employee):
    approve(phone, new_code(desktop))
    employee.is_active = False
    employee.save()
    assert poll(desktop)["status"] == "expired" and logged_in_as(desktop) is None


def test_the_phone_must_be_logged_in_and_continues_after_logging_in(desktop, employee, password):
    code = new_code(desktop)
    phone = Client()
    response = phone.get(f"/login/qr/{code}/")
    assert response["Location"] == f"/login/?next=/login/qr/{code}/"
    response = phone.post(response["Location"], {"nip": employee.nip, "password": password})
    assert response["Location"] == f"/login/qr/{code}/"
    assert ">Setujui<" in phone.get(response["Location"]).content.decode()


# Rate limits


def test_creating_codes_is_rate_limited_per_session(desktop, settings):
    settings.QR_LOGIN_CREATE_LIMIT_PER_SESSION = 3
    statuses = [desktop.post(CREATE).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = desktop.post(CREATE)
    assert response.json()["status"] == "throttled" and int(response["Retry-After"]) > 0


def test_creating_codes_is_rate_limited_per_address(settings):
    settings.QR_LOGIN_CREATE_LIMIT_PER_ADDRESS = 3
    fresh_browsers = [Client(REMOTE_ADDR="10.1.1.1") for _ in range(4)]
    assert [b.post(CREATE).status_code for b in fresh_browsers] == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="10.2.2.2").post(CREATE).status_code == 200
    assert QrLoginRequest.objects.count() == 4


def test_polling_is_rate_limited_per_session(desktop, phone, settings):
    settings.QR_LOGIN_POLL_LIMIT_PER_SESSION = 5
    code = new_code(desktop)
    statuses = [desktop.post(STATUS).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    approve(phone, code)
    assert desktop.post(STATUS).status_code == 429 and logged_in_as(desktop) is None


def test_the_poll_limit_lifts_after_its_window(desktop, settings):
    settings.QR_LOGIN_POLL_LIMIT_PER_SESSION = 2
    new_code(desktop)
    for _ in range(2):
        desktop.post(STATUS)
    assert desktop.post(STATUS).status_code == 429
    later = time.time() + settings.QR_LOGIN_POLL_WINDOW_SECONDS + 1
    with mock.patch("accounts.throttling.time.time", return_value=later):
        assert desktop.post(STATUS).status_code == 200


def test_stale_codes_are_purged_but_decisions_are_kept(desktop, phone):
    approve(phone, new_code(desktop))
    new_code(desktop)  # replaced by the next code: never used
    phone.post(f"/login/qr/{new_code(desktop)}/", {"keputusan": "tolak"})
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert qr_login.purge_stale() == 1
    assert sorted(QrLoginRequest.objects.values_list("status", flat=True)) == [
        "approved",
        "refused",
    ]


def test_an_image_is_a_data_uri_svg():
    uri = qr_svg_data_uri("https://mysapk.example/login/qr/abc/")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).startswith(b"<svg")


def test_a_logged_in_browser_is_told_to_go_home_instead_of_getting_a_code(employee_client):
    assert employee_client.post(CREATE).json() == {"status": "approved", "redirect": "/"}
    assert not QrLoginRequest.objects.exists()


# Any number of app servers


@pytest.mark.django_db(transaction=True)
def test_code_made_on_one_server_is_approved_and_picked_up_on_others(employee, password, tmp_path):
    require_shared_services()
    with gunicorn_servers(2, tmp_path) as (server_a, server_b):
        desktop = BrowserLikeClient()
        _, page = desktop.get(server_a + "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

        def desktop_post(url):
            request = urllib.request.Request(url, b"", headers={"X-CSRFToken": token})
            status, body = desktop._open(request)
            return status, json.loads(body)

        _, created = desktop_post(server_a + CREATE)
        code = created["url"].rstrip("/").rsplit("/", 1)[1]
        phone = BrowserLikeClient()
        phone.post_form(server_b + "/login/", {"nip": employee.nip, "password": password})
        decision = {"keputusan": "setujui", "angka": created["number"]}
        assert phone.post_form(server_b + f"/login/qr/{code}/", decision)[0] == 302

        assert desktop_post(server_b + STATUS) == (200, {"status": "approved", "redirect": "/"})
        status, home = desktop.get(server_a + "/")
        assert status == 200 and "Layanan Lainnya" in home


def test_deciding_on_a_dead_code_says_why(desktop, employee):
    code = new_code(desktop)
    qr_login.approve(code, employee, shown_number(code), time.time())
    for dead, reason in [(code, "decided"), ("x" * 24, "unknown")]:
        with pytest.raises(qr_login.QrLoginError) as error:
            qr_login.refuse(dead, employee)
        assert error.value.code == reason
    late = new_code(desktop)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=1)):
        with pytest.raises(qr_login.QrLoginError, match="expired"):
            qr_login.approve(late, employee, shown_number(late), time.time())
    wrong = new_code(desktop)
    with pytest.raises(qr_login.QrLoginError, match="mismatch"):
        qr_login.approve(wrong, employee, None, time.time())
