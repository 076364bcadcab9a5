"""A computer is logged in by scanning its QR code with a phone that is already logged in."""

import io
import re
from datetime import timedelta

import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from accounts.login import qr as qr_login
from tests.e2e.conftest import DESKTOP, PHONE, log_in


def shown_qr(page, other_than: str = ""):
    """The login page's QR image, once a code has been fetched and drawn."""
    qr = page.locator("#qr-login [data-qr-image]")
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    if other_than:
        expect(qr).not_to_have_attribute("src", other_than, timeout=15_000)
    qr.evaluate("img => img.decode()")
    return qr


def shown_number(page) -> str:
    """The number beside the QR, as the person at the computer reads it."""
    number = page.locator("#qr-login [data-qr-number]")
    expect(number).to_have_text(re.compile(r"^[1-9]\d$"))
    assert page.get_by_text("Angka untuk dipilih di ponsel").is_visible()
    return number.inner_text()


def read_qr(locator) -> str:
    """What a phone camera reads: the QR element as pixels, decoded by zxing-cpp."""
    image = Image.open(io.BytesIO(locator.screenshot()))
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "the login page must show exactly one readable QR code"
    return results[0].text


def test_phone_logs_the_computer_in_by_scanning_the_qr(
    browser, live_server, demo_data, shot, settings
):
    desktop = browser.new_context(**DESKTOP, locale="id-ID").new_page()
    desktop.goto(live_server.url + "/login/")
    qr = shown_qr(desktop)
    number = shown_number(desktop)
    assert desktop.get_by_text("arahkan ponsel ke kode QR ini").is_visible()
    shot(desktop, "qr-login-1-desktop")

    scanned = read_qr(qr)
    assert re.fullmatch(
        re.escape(settings.PUBLIC_BASE_URL) + r"/login/qr/[A-Za-z0-9_-]{22,}/", scanned
    )
    link = live_server.url + scanned.removeprefix(settings.PUBLIC_BASE_URL)

    phone_context = browser.new_context(**PHONE, locale="id-ID")
    phone = phone_context.new_page()
    log_in(phone, live_server.url)
    phone.goto(link)
    assert phone.get_by_role("heading", name="Masuk di komputer?").is_visible()
    assert phone.get_by_text("Chrome di Linux").is_visible()  # Debian's headless Chromium
    assert phone.get_by_text(re.compile(r"Diminta pukul \d\d\.\d\d WIB")).is_visible()
    assert phone.get_by_text("Setujui hanya kode QR yang Anda pindai sendiri").is_visible()
    choices = phone.get_by_role("group", name="Angka berapa yang tampil di komputer")
    expect(choices.get_by_role("radio")).to_have_count(3)
    shot(phone, "qr-login-2-ponsel-konfirmasi")
    desktop.get_by_text("Kode sudah dipindai").wait_for()
    shot(desktop, "qr-login-3-desktop-dipindai")

    choices.get_by_role("radio", name=number, exact=True).check()
    phone.get_by_role("button", name="Setujui").click()
    assert phone.get_by_role("heading", name="Disetujui").is_visible()
    shot(phone, "qr-login-4-ponsel-disetujui")

    desktop.wait_for_url(live_server.url + "/", timeout=10_000)
    assert desktop.get_by_role("link", name="Layanan Lainnya").first.is_visible()
    shot(desktop, "qr-login-5-desktop-beranda")

    phone.get_by_role("link", name="Perangkat", exact=True).click()
    phone.wait_for_url(live_server.url + "/akun/perangkat/")
    assert phone.get_by_text(re.compile("dengan kode QR dari ponsel")).is_visible()
    assert phone.get_by_role("button", name="Keluar dari perangkat ini").count() == 1
    shot(phone, "qr-login-6-ponsel-perangkat")

    phone.get_by_role("button", name="Keluar dari perangkat ini").click()
    assert phone.get_by_text("Perangkat tersebut sudah dikeluarkan").is_visible()
    desktop.reload()
    assert desktop.url.startswith(live_server.url + "/login/")
    phone_context.close()
    desktop.context.close()


def test_refusing_on_the_phone_shows_a_message_and_a_fresh_code(
    browser, live_server, demo_data, shot, settings
):
    desktop = browser.new_context(**DESKTOP, locale="id-ID").new_page()
    desktop.goto(live_server.url + "/login/")
    qr = shown_qr(desktop)
    first, first_src = read_qr(qr), qr.get_attribute("src")

    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    log_in(phone, live_server.url)
    phone.goto(live_server.url + first.removeprefix(settings.PUBLIC_BASE_URL))
    phone.get_by_role("button", name="Tolak").click()
    assert phone.get_by_role("heading", name="Ditolak").is_visible()

    desktop.get_by_text("Permintaan ditolak dari ponsel").wait_for()
    assert read_qr(shown_qr(desktop, other_than=first_src)) != first
    assert desktop.url == live_server.url + "/login/"
    shot(desktop, "qr-login-desktop-ditolak")
    phone_context.close()
    desktop.context.close()


def test_a_wrong_number_picked_with_the_keyboard_declines_and_the_computer_starts_over(
    browser, live_server, demo_data, shot, settings
):
    desktop = browser.new_context(**DESKTOP, locale="id-ID").new_page()
    desktop.goto(live_server.url + "/login/")
    qr = shown_qr(desktop)
    first, first_src, number = read_qr(qr), qr.get_attribute("src"), shown_number(desktop)

    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    log_in(phone, live_server.url)
    phone.goto(live_server.url + first.removeprefix(settings.PUBLIC_BASE_URL))
    offered = [radio.get_attribute("value") for radio in phone.get_by_role("radio").all()]
    wrong = next(value for value in offered if value != number)
    radio = phone.get_by_role("radio", name=wrong, exact=True)
    radio.focus()
    phone.keyboard.press("Space")
    expect(radio).to_be_checked()
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Setujui")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Angka tidak cocok")).to_be_visible()
    shot(phone, "qr-login-ponsel-angka-salah")

    desktop.get_by_text("Angka yang dipilih di ponsel salah").wait_for()
    assert read_qr(shown_qr(desktop, other_than=first_src)) != first
    assert desktop.url == live_server.url + "/login/"
    shot(desktop, "qr-login-desktop-angka-salah")
    phone_context.close()
    desktop.context.close()


def test_on_a_phone_and_without_javascript_only_the_password_form_shows(
    browser, live_server, demo_data, shot
):
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(live_server.url + "/login/")
    assert not phone.locator("#qr-login").is_visible()
    phone.context.close()

    no_js = browser.new_context(**DESKTOP, java_script_enabled=False).new_page()
    no_js.goto(live_server.url + "/login/")
    assert not no_js.locator("#qr-login").is_visible()
    assert no_js.get_by_role("button", name="Log In").is_visible()
    shot(no_js, "qr-login-desktop-tanpa-javascript")
    log_in(no_js, live_server.url)
    assert no_js.get_by_role("link", name="Layanan Lainnya").first.is_visible()
    no_js.context.close()


def test_the_code_is_replaced_before_it_expires(browser, live_server, demo_data, monkeypatch):
    # 25 s of life, replaced when 20 s are left: a new code about every 5 s.
    monkeypatch.setattr(qr_login, "CODE_LIFETIME", timedelta(seconds=25))
    desktop = browser.new_context(**DESKTOP).new_page()
    desktop.goto(live_server.url + "/login/")
    qr = shown_qr(desktop)
    qr = shown_qr(desktop, other_than=qr.get_attribute("src"))
    assert desktop.get_by_text("Menunggu pemindaian dari ponsel").is_visible()  # no error shown
    assert read_qr(qr) != ""
    desktop.context.close()
