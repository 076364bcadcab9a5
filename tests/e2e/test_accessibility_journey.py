"""axe-core on the pages the other journeys do not reach, on a phone and on a desktop.

The employee's account pages (password reset and change, English, devices, scan history,
logout), every verification status and the logged-in check, and the HR officer's import dry
run, revoke and re-issue confirmations and an employee's history. Each page is checked with
axe (the `shot` fixture) and photographed for people to look at.
"""

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from accounts.models import Employee
from cards import services
from tests.e2e.conftest import DEMO_PASSWORD, DEMO_PNS, DESKTOP, PHONE, log_in
from tests.hr.samples import DOCS
from verification import scans, tokens

HR_BKN = "198203172006042002"
WINDOWS = [("ponsel", PHONE), ("desktop", DESKTOP)]  # 390 × 844 and 1366 × 768


@pytest.fixture(params=WINDOWS, ids=[name for name, _ in WINDOWS])
def window(request, browser):
    name, options = request.param
    context = browser.new_context(**options, locale="id-ID")
    yield name, context.new_page()
    context.close()


def submit(page, button: str):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_the_employee_account_pages(live_server, demo_data, shot, window):
    device, page = window
    base = live_server.url
    card = services.card_for(Employee.objects.get(nip=DEMO_PNS))
    scans.record_scan(tokens.look_up(card.token), "198.51.100.4")  # a scan to list

    page.goto(base + "/lupa-password/")
    shot(page, f"a11y-lupa-password-{device}")
    page.get_by_label("NIP").fill(DEMO_PNS)
    submit(page, "Kirim Tautan")
    shot(page, f"a11y-lupa-password-terkirim-{device}")

    log_in(page, base)
    page.goto(base + "/layanan/kartu-asn/")
    expect(page.get_by_role("heading", name="Riwayat Verifikasi")).to_be_visible()
    shot(page, f"a11y-kartu-riwayat-{device}")

    page.goto(base + "/akun/password/")
    shot(page, f"a11y-ubah-password-{device}")
    page.locator("input[name=old_password]").fill("bukan-password-lama")
    page.locator("input[name=new_password1]").fill("Kartu-Baru#2026-aman")
    page.locator("input[name=new_password2]").fill("Kartu-Baru#2026-aman")
    page.locator("form:has(input[name=old_password]) button[type=submit]").click()
    page.get_by_role("alert").first.wait_for()
    # After the post-back the cursor is on the first field in error.
    expect(page.locator("input[name=old_password]")).to_be_focused()
    shot(page, f"a11y-ubah-password-salah-{device}")

    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, f"a11y-english-{device}")
    page.get_by_role("button", name="ID").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.goto(base + "/akun/perangkat/")
    shot(page, f"a11y-perangkat-{device}")
    page.get_by_role("button", name="Keluar").first.click()
    page.wait_for_url(base + "/login/*")
    shot(page, f"a11y-keluar-{device}")


def _retired(card):
    Employee.objects.filter(pk=card.employee_id).update(status=Employee.Status.RETIRED)
    return card.token


def _replaced(card):
    old = card.token
    services.reissue_card(card, actor=None)
    return old


STATUSES = {
    "sah": (lambda card: card.token, "KARTU SAH — PEGAWAI AKTIF"),
    "tidak-aktif": (_retired, "PEGAWAI TIDAK AKTIF (pensiun)"),
    "dicabut": (lambda card: services.revoke_card(card, "Kartu hilang", None).token,
                "KARTU DICABUT"),
    "diganti": (_replaced, "KARTU SUDAH DIGANTI DENGAN KARTU BARU"),
    "tidak-ditemukan": (lambda card: "23456789ABCDEFGHJKMNPQRSTU", "KARTU TIDAK DITEMUKAN"),
}  # fmt: skip


@pytest.mark.parametrize("status", STATUSES)
def test_every_verification_status_page(live_server, demo_data, shot, window, status):
    device, page = window
    make_token, verdict = STATUSES[status]
    token = make_token(services.card_for(Employee.objects.get(nip=DEMO_PNS)))
    page.goto(f"{live_server.url}/v/{token}/")
    if status == "sah":
        shot(page, f"a11y-verifikasi-captcha-{device}")
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Kode keamanan").fill(CaptchaStore.objects.get(hashkey=key).response)
    submit(page, "Periksa Kartu")
    expect(page.get_by_role("heading", name=verdict)).to_be_visible()
    shot(page, f"a11y-verifikasi-{status}-{device}")


def test_the_audio_captcha_plays_the_letters(live_server, demo_data, shot, window):
    device, page = window
    page.goto(f"{live_server.url}/v/23456789ABCDEFGHJKMNPQRSTU/")
    listen = page.get_by_role("button", name="Dengarkan kode")
    expect(listen).to_be_visible()
    with page.expect_response(lambda r: "/v/captcha/suara/" in r.url) as audio:
        listen.click()
    response = audio.value
    assert response.status == 200 and response.header_value("content-type") == "audio/wav"
    assert "no-store" in response.header_value("cache-control")
    # A new picture brings its own recording.
    old_src = page.locator("audio").get_attribute("src")
    page.get_by_role("button", name="Gambar baru").click()
    expect(page.locator("audio")).not_to_have_attribute("src", old_src)
    key = page.locator("input[name=captcha_0]").input_value()
    assert page.locator("audio").get_attribute("src") == f"/v/captcha/suara/{key}/"
    shot(page, f"a11y-captcha-suara-{device}")


def test_a_logged_in_employee_checks_a_card_without_the_captcha(
    live_server, demo_data, shot, window
):
    device, page = window
    card = services.card_for(Employee.objects.get(nip="199203142023212005"))
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/v/{card.token}/")
    assert page.locator("input[name=captcha_1]").count() == 0
    shot(page, f"a11y-verifikasi-masuk-{device}")
    submit(page, "Periksa")
    expect(page.get_by_role("heading", name="KARTU SAH — PEGAWAI AKTIF")).to_be_visible()


def test_the_hr_officer_pages(live_server, demo_data, shot, window):
    device, page = window
    base = live_server.url
    andi = Employee.objects.get(nip=DEMO_PNS)
    services.card_for(andi)

    page.goto(base + "/admin/login/")
    shot(page, f"a11y-admin-masuk-{device}")
    page.fill("input[name=username]", HR_BKN)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    shot(page, f"a11y-admin-beranda-{device}")

    page.goto(base + "/admin/accounts/employee/")
    shot(page, f"a11y-admin-pegawai-{device}")
    page.get_by_role("link", name="Impor dari berkas").click()
    shot(page, f"a11y-admin-impor-{device}")
    page.set_input_files("input[name=import_file]", str(DOCS / "contoh-salah.csv"))
    submit(page, "Uji coba impor")
    shot(page, f"a11y-admin-impor-uji-coba-{device}")

    for action, name in (("revoke_cards", "cabut"), ("reissue_cards", "terbit-ulang")):
        page.goto(base + "/admin/accounts/employee/?q=" + DEMO_PNS)
        page.check(f"input[name=_selected_action][value='{andi.pk}']")
        page.select_option("select[name=action]", action)
        with page.expect_navigation():
            page.click("button[name=index]")
        shot(page, f"a11y-admin-{name}-konfirmasi-{device}")

    page.goto(f"{base}/admin/accounts/employee/{andi.pk}/change/")
    shot(page, f"a11y-admin-ubah-pegawai-{device}")
    page.goto(f"{base}/admin/accounts/employee/{andi.pk}/history/")
    shot(page, f"a11y-admin-riwayat-{device}")
