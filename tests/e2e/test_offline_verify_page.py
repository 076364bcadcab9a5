"""The verify page tells what the QR's signed payload proves before the captcha, in words:
a real card's QR as a phone reads it from the card the portal renders, and forgeries of it."""

import io
import re
from urllib.parse import urlsplit

import cbor2
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

SAH = "Sah — data kartu asli"  # shown in capitals
TIDAK_SAH = "Tidak sah — kode QR tidak asli"


def _scanned(card) -> str:
    """What a phone camera reads from the downloaded front of the card (zxing-cpp)."""
    png = render_download(card, "depan.png")
    return read_signed_qr(Image.open(io.BytesIO(png.content)))


def _on_live_server(scanned: str, live_server) -> str:
    """The scanned URL on the test server, fragment and all (the QR holds PUBLIC_BASE_URL)."""
    return live_server.url + scanned.removeprefix(settings.PUBLIC_BASE_URL)


def _with_another_name(scanned: str, name: str) -> str:
    """The same QR with the signed name changed and the signature kept: a forged card."""
    url, digits = scanned.split("#")
    protected, unprotected, payload, signature = cbor2.loads(claims.from_fragment(digits)).value
    cwt = cbor2.loads(payload)
    cwt[claims.CARD_CLAIM][2] = name
    forged = cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(cwt), signature])
    return f"{url}#{claims.to_fragment(cbor2.dumps(forged))}"


def _open(browser, url: str, device: dict, **options):
    context = browser.new_context(**device, **options)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    return context, page, problems


@pytest.fixture
def demo_card(demo_data):
    return services.card_for(Employee.objects.get(nip=DEMO_PNS))


@pytest.mark.parametrize(("device", "name"), [(PHONE, "ponsel"), (DESKTOP, "desktop")])
def test_a_real_card_is_told_sah_with_its_signed_facts_before_the_captcha(
    browser, live_server, demo_card, shot, device, name
):
    scanned = _scanned(demo_card)
    assert scanned.startswith(verify_url(demo_card) + "#")
    context, page, problems = _open(browser, _on_live_server(scanned, live_server), device)

    verdict = page.get_by_role("status")
    verdict.get_by_role("heading", name=SAH).wait_for()
    told = verdict.inner_text()
    for fact in (
        "Andi Pratama Wijaya, S.E., M.Ak.",
        "19860926 201505 1 001",  # grouped as on the card
        "PNS",
        "Badan Kepegawaian Negara",
        demo_card.number,
        "Berlaku sampai",
    ):
        assert fact in told, fact
    assert "Status per" in told and told.rstrip().endswith("tidak dicabut dan tidak diganti.")
    assert "WIB" in told
    # The captcha still stands between the visitor and the live record and photo.
    assert page.get_by_label("Kode keamanan").is_visible()
    assert page.locator("img.rekaman__foto").count() == 0
    assert problems == []
    shot(page, f"verifikasi-luring-sah-{name}")
    context.close()


@pytest.mark.parametrize(("device", "name"), [(PHONE, "ponsel"), (DESKTOP, "desktop")])
def test_a_forged_name_is_told_tidak_sah(browser, live_server, demo_card, shot, device, name):
    forged = _with_another_name(_scanned(demo_card), "Budi Santoso, S.H.")
    context, page, problems = _open(browser, _on_live_server(forged, live_server), device)

    verdict = page.get_by_role("status")
    verdict.get_by_role("heading", name=TIDAK_SAH).wait_for()
    assert "Budi Santoso" not in page.content()  # a forged name is never shown
    assert "Jangan percayai data yang tercetak pada kartu ini" in verdict.inner_text()
    assert page.get_by_label("Kode keamanan").is_visible()
    assert problems == []
    shot(page, f"verifikasi-luring-tidak-sah-{name}")
    context.close()


def test_the_live_record_still_follows_the_captcha(browser, live_server, demo_card):
    url = _on_live_server(_scanned(demo_card), live_server)
    context, page, _ = _open(browser, url, PHONE)
    page.get_by_role("heading", name=SAH).wait_for()

    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Kode keamanan").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_role("button", name="Periksa Kartu").click()

    page.get_by_role("heading", name="KARTU SAH — PEGAWAI AKTIF").wait_for()
    context.close()


def test_a_revoked_card_is_told_dicabut_with_the_time_of_the_list(
    browser, live_server, demo_card, shot
):
    scanned = _scanned(demo_card)
    services.revoke_card(demo_card, "Kartu hilang", actor=None)
    context, page, _ = _open(browser, _on_live_server(scanned, live_server), PHONE)

    verdict = page.get_by_role("status")
    verdict.get_by_role("heading", name="Kartu dicabut").wait_for()
    assert "Status per" in verdict.inner_text() and "WIB" in verdict.inner_text()
    assert "Andi" not in verdict.inner_text()
    shot(page, "verifikasi-luring-dicabut-ponsel")
    context.close()


def test_in_english_the_verdict_is_in_english(browser, live_server, demo_card):
    url = _on_live_server(_scanned(demo_card), live_server)
    context = browser.new_context(**PHONE)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto(url)

    verdict = page.get_by_role("status")
    verdict.get_by_role("heading", name="Valid — genuine card data").wait_for()
    assert "Valid until" in verdict.inner_text()
    assert "Status as of" in verdict.inner_text()
    context.close()


def test_without_a_payload_nothing_is_told(browser, live_server, demo_card):
    url = live_server.url + urlsplit(verify_url(demo_card)).path
    context, page, problems = _open(browser, url, PHONE)
    page.wait_for_load_state("networkidle")

    box = page.locator("[data-offline-verdict]")
    assert box.inner_html() == "" and not box.is_visible()
    assert problems == []
    context.close()


def test_without_javascript_the_page_is_as_before(browser, live_server, demo_card):
    url = _on_live_server(_scanned(demo_card), live_server)
    context, page, _ = _open(browser, url, PHONE, java_script_enabled=False)

    assert page.get_by_role("heading", name="Periksa keaslian kartu").is_visible()
    assert page.get_by_label("Kode keamanan").is_visible()
    assert page.locator("[data-offline-verdict]").inner_html() == ""
    assert "Andi" not in page.locator("main").inner_text()
    context.close()


def test_the_page_keeps_its_strict_content_security_policy(client, demo_card):
    response = client.get(urlsplit(verify_url(demo_card)).path)
    policy = response["Content-Security-Policy"]
    page = response.content.decode()

    assert "script-src 'self';" in policy + ";" and "unsafe" not in policy
    assert "wasm-unsafe-eval" not in policy
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert any('type="module"' in tag and "js/build/verifikasi.js" in tag for tag in scripts)
    assert all("src=" in tag for tag in scripts)  # no inline script
