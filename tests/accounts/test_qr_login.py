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
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from accounts.login import qr as qr_login
from accounts.login.sessions import SESSION_STARTED_KEY
from accounts.models import LoginSession, QrLoginRequest
from accounts.qr_codes import qr_svg_data_uri
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


def approve(phone, code):
    return phone.post(f"/login/qr/{code}/", {"keputusan": "setujui"})


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


def test_qr_login_starts_the_twelve_hour_clock_and_is_listed_as_a_device(desktop, phone, employee):
    code = new_code(desktop)
    approve(phone, code)
    poll(desktop)
    assert time.time() - desktop.session[SESSION_STARTED_KEY] < 5
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
    assert "Jika Anda sudah login di ponsel, arahkan ponsel ke kode QR ini" in page
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
        assert phone.post_form(server_b + f"/login/qr/{code}/", {"keputusan": "setujui"})[0] == 302

        assert desktop_post(server_b + STATUS) == (200, {"status": "approved", "redirect": "/"})
        status, home = desktop.get(server_a + "/")
        assert status == 200 and "Layanan Lainnya" in home


def test_deciding_on_a_dead_code_says_why(desktop, employee):
    code = new_code(desktop)
    qr_login.approve(code, employee)
    for dead, reason in [(code, "decided"), ("x" * 24, "unknown")]:
        with pytest.raises(qr_login.QrLoginError) as error:
            qr_login.refuse(dead, employee)
        assert error.value.code == reason
    late = new_code(desktop)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=1)):
        with pytest.raises(qr_login.QrLoginError, match="expired"):
            qr_login.approve(late, employee)
