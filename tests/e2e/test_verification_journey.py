"""A member of the public scans a real card's QR code with a phone and checks it."""

import io
from urllib.parse import urlsplit

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from PIL import Image

from accounts.models import Employee
from cards import services
from cards.outputs import render_download, verify_url
from cards.signing import claims
from tests.cards.test_rendering import read_signed_qr
from tests.e2e.conftest import DEMO_PNS, DESKTOP, PHONE
from tests.factories import with_photo


def _demo_card_with_photo():
    return with_photo(Employee.objects.get(nip=DEMO_PNS))


def _scanned_url(card) -> str:
    """What a phone camera reads from the downloaded front side (an independent decoder)."""
    png = render_download(card, "depan.png")
    assert png.content_type == "image/png"
    return read_signed_qr(Image.open(io.BytesIO(png.content)))


def _on_live_server(scanned: str, live_server) -> str:
    # The QR holds PUBLIC_BASE_URL; the test server listens elsewhere, so keep only the path.
    return live_server.url + urlsplit(scanned).path


def _phone(browser):
    context = browser.new_context(**PHONE, locale="id-ID")
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    return context, page, problems


def _solve(page):
    key = page.locator("input[name=captcha_0]").input_value()
    answer = CaptchaStore.objects.get(hashkey=key).response
    page.get_by_label("Kode keamanan").fill(answer)
    page.get_by_role("button", name="Periksa Kartu").click()


def test_a_member_of_the_public_scans_the_demo_card_and_sees_the_record(
    browser, live_server, demo_data, shot
):
    card = _demo_card_with_photo()
    scanned = _scanned_url(card)
    url, signed = scanned.split("#", 1)
    assert url == verify_url(card)
    assert claims.verify(claims.from_fragment(signed)).card_number == card.number
    context, page, problems = _phone(browser)

    page.goto(_on_live_server(scanned, live_server))
    assert page.get_by_role("heading", name="Periksa keaslian kartu").is_visible()
    assert "Andi" not in page.content()
    image = page.locator("img.captcha__image")
    assert (
        image.evaluate("img => img.complete && img.naturalWidth") == settings.CAPTCHA_IMAGE_SIZE[0]
    )
    shot(page, "verifikasi-captcha-ponsel")

    # "Gambar baru" swaps the captcha in place (static script, allowed by the CSP).
    old_key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_role("button", name="Gambar baru").click()
    page.wait_for_function(
        "old => document.querySelector('input[name=captcha_0]').value !== old", arg=old_key
    )
    assert image.get_attribute("src").endswith(
        page.locator("input[name=captcha_0]").input_value() + "/"
    )

    _solve(page)
    verdict = page.get_by_role("heading", name="KARTU SAH — PEGAWAI AKTIF")
    verdict.wait_for()
    assert page.get_by_role("heading", name="Andi Pratama Wijaya, S.E., M.Ak.").is_visible()
    record = page.locator(".rekaman").inner_text()
    for shown in (
        "•••••••• 201505 1 001",  # the NIP without its birth date
        "Badan Kepegawaian Negara",
        "Biro Sumber Daya Manusia",
        "Analis Sumber Daya Manusia Aparatur Ahli Muda",
        "Penata",
        card.number,
    ):
        assert shown in record, shown
    assert "Makassar" not in page.content()  # birth place: never on the public page
    assert page.get_by_text("Diperiksa pada").inner_text().endswith("WIB")
    page.wait_for_load_state("load")  # the photo arrives through its signed link
    photo = page.locator("img.rekaman__foto")
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 600
    assert photo.get_attribute("src").startswith("/v/foto/")
    assert problems == []
    shot(page, "verifikasi-hasil-ponsel")
    context.close()


def test_a_wrong_captcha_in_the_browser_gives_a_new_picture_and_no_data(
    browser, live_server, demo_data, shot
):
    card = services.card_for(Employee.objects.get(nip=DEMO_PNS))
    context, page, _ = _phone(browser)
    page.goto(_on_live_server(verify_url(card), live_server))
    old_key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Kode keamanan").fill("salah")
    page.get_by_role("button", name="Periksa Kartu").click()
    page.get_by_role("alert").wait_for()
    assert "Kode keamanan salah atau sudah kedaluwarsa" in page.get_by_role("alert").inner_text()
    assert page.locator("input[name=captcha_0]").input_value() != old_key
    assert "Andi" not in page.content() and "KARTU SAH" not in page.content()
    shot(page, "verifikasi-captcha-salah-ponsel")
    context.close()


def test_the_old_printout_of_a_reissued_card_says_replaced(browser, live_server, demo_data, shot):
    card = services.card_for(Employee.objects.get(nip=DEMO_PNS))
    scanned = _scanned_url(card)
    services.reissue_card(card, actor=None)
    context, page, _ = _phone(browser)
    page.goto(_on_live_server(scanned, live_server))
    _solve(page)
    page.get_by_role("heading", name="KARTU SUDAH DIGANTI DENGAN KARTU BARU").wait_for()
    assert "Andi" not in page.content()
    shot(page, "verifikasi-kartu-diganti-ponsel")
    context.close()


def _revoked(card):
    return services.revoke_card(card, "Kartu hilang", actor=None).token


def _retired(card):
    Employee.objects.filter(pk=card.employee_id).update(status=Employee.Status.RETIRED)
    return card.token


STATUSES = {
    "dicabut": (_revoked, "KARTU DICABUT"),
    "pensiun": (lambda card: _retired(card), "PEGAWAI TIDAK AKTIF (pensiun)"),
    "tidak-ditemukan": (lambda card: "23456789ABCDEFGHJKMNPQRSTU", "KARTU TIDAK DITEMUKAN"),
}


@pytest.mark.parametrize("kind", STATUSES)
def test_every_status_is_told_in_words_on_a_phone(browser, live_server, demo_data, shot, kind):
    make_token, words = STATUSES[kind]
    token = make_token(services.card_for(Employee.objects.get(nip=DEMO_PNS)))
    context, page, problems = _phone(browser)
    page.goto(f"{live_server.url}/v/{token}/")
    _solve(page)
    page.get_by_role("heading", name=words).wait_for()
    shows_record = kind == "pensiun"
    assert page.get_by_text("Andi Pratama Wijaya").count() == (1 if shows_record else 0)
    assert problems == []
    shot(page, f"verifikasi-{kind}-ponsel")
    context.close()


def test_the_result_on_a_desktop(browser, live_server, demo_data, shot):
    card = _demo_card_with_photo()
    page = browser.new_page(**DESKTOP)
    page.goto(_on_live_server(_scanned_url(card), live_server))
    _solve(page)
    page.get_by_role("heading", name="KARTU SAH — PEGAWAI AKTIF").wait_for()
    shot(page, "verifikasi-hasil-desktop")
    page.close()


def test_a_visitor_over_the_limit_gets_the_polite_page(
    browser, live_server, demo_data, settings, shot
):
    settings.VERIFICATION_VIEW_LIMIT = 1
    context, page, _ = _phone(browser)
    page.goto(f"{live_server.url}/v/23456789ABCDEFGHJKMNPQRSTU/")
    response = page.goto(f"{live_server.url}/v/23456789ABCDEFGHJKMNPQRSTU/")
    assert response.status == 429
    assert page.get_by_role("heading", name="Mohon tunggu sebentar").is_visible()
    shot(page, "verifikasi-429-ponsel")
    context.close()
