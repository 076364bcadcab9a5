"""The card on the phone without network: kept on request, shown offline with since when,
wiped at logout, and nothing of one employee left for the next on a shared phone."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, log_in

CARD_PAGE = "/layanan/kartu-asn/"
DEMO_PPPK = "199203142023212005"


def _card_caches(page) -> list[str]:
    return page.evaluate(
        "async () => (await caches.keys()).filter(k => k.startsWith('kartu-asn-'))"
    )


def _keep_card_on_this_phone(page, base_url):
    page.goto(base_url + CARD_PAGE)
    button = page.get_by_role("button", name="Simpan kartu di ponsel ini")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html[data-kartu-luring=tersimpan]")).to_have_count(1)


def _phone_keeping_the_card(browser, base_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, base_url)
    _keep_card_on_this_phone(page, base_url)
    return context, page


def test_kept_card_shows_offline_then_leaves_with_logout_and_the_next_employee(
    browser, live_server, demo_data
):
    context, page = _phone_keeping_the_card(browser, live_server.url)
    assert len(_card_caches(page)) == 1
    assert page.get_by_text("Disimpan sejak").is_visible()
    folder = Path(os.environ.get("OFFLINE_SHOTS") or tempfile.mkdtemp(prefix="kartu-luring-"))
    page.locator("#kartu-ponsel").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "kartu-disimpan-ponsel.png"))

    context.set_offline(True)
    page.reload()
    stored = page.locator("[data-kartu-tersimpan]")
    expect(page.locator("html[data-kartu-luring=ditampilkan]")).to_have_count(1)
    assert "Disimpan sejak" in stored.inner_text() and "WIB" in stored.inner_text()
    assert "QR" in stored.inner_text()
    images = stored.get_by_role("img")
    expect(images).to_have_count(2)
    for image in images.all():
        image.evaluate("el => el.decode()")
        assert image.evaluate("el => el.naturalWidth") > 500  # the 300 dpi PNG, not an icon
    page.screenshot(path=str(folder / "kartu-luring-ponsel.png"), full_page=True)

    context.set_offline(False)
    page.goto(live_server.url + CARD_PAGE)
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(live_server.url + "/login/")
    assert _card_caches(page) == []
    assert page.evaluate("async () => (await caches.keys()).length") == 0

    log_in(page, live_server.url, nip=DEMO_PPPK)
    expect(page.locator("html[data-kartu-luring-diperiksa]")).to_have_count(1)
    assert _card_caches(page) == []
    workers = page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length")
    assert workers == 0  # Clear-Site-Data took the service worker too
    context.close()


def test_another_employee_logging_in_wipes_the_card_kept_by_the_first(
    browser, live_server, demo_data
):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, live_server.url)
    _keep_card_on_this_phone(page, live_server.url)
    first = _card_caches(page)
    context.clear_cookies()  # the session ended without "Keluar" (it timed out)

    log_in(page, live_server.url, nip=DEMO_PPPK)
    expect(page.locator("html[data-kartu-luring-diperiksa]")).to_have_count(1)
    assert _card_caches(page) == []
    _keep_card_on_this_phone(page, live_server.url)
    second = _card_caches(page)
    assert len(second) == 1 and second != first
    context.close()


def test_a_phone_logged_out_from_another_device_wipes_its_card_when_next_online(
    browser, live_server, demo_data
):
    phone, page = _phone_keeping_the_card(browser, live_server.url)
    laptop = browser.new_context()
    other = laptop.new_page()
    log_in(other, live_server.url)
    other.goto(live_server.url + "/akun/perangkat/")
    other.get_by_role("button", name="Keluar dari perangkat ini").click()
    expect(other.get_by_text("Perangkat tersebut sudah dikeluarkan")).to_be_visible()

    page.goto(live_server.url + CARD_PAGE)  # through the worker, online: to the login page
    page.wait_for_url("**/login/**")

    assert _card_caches(page) == []
    workers = page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length")
    assert workers == 0
    phone.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(live_server.url + CARD_PAGE)  # no worker left to show a stored card
    laptop.close()
    phone.close()
