""" "Pindai Kartu": a guard reads a real card from a phone camera or a photo, the signature is
checked in the browser, and after one visit it all works again in airplane mode."""

import dataclasses
import io
import re

import cbor2
import pytest
from captcha.models import CaptchaStore
from django.core.management import call_command
from django.core.signals import request_started
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Employee
from cards import rendering, services
from cards.outputs import card_face, render_download
from cards.signing import claims, cose
from tests.cards.test_rendering import photo_of_a_print, read_signed_qr
from tests.e2e.conftest import CHROMIUM, DEMO_PNS, DESKTOP, PHONE
from tests.factories import EmployeeFactory, with_photo

SCANNER = "/pindai/"
NAME = "Andi Pratama Wijaya, S.E., M.Ak."
FRAME = (1280, 720)  # the fake camera's picture, as a phone's rear camera gives it


@pytest.fixture
def own_ring(settings, tmp_path):
    """Keys of this test alone: it rotates them."""
    settings.QR_KEY_DIR = tmp_path / "qr_keys"
    settings.QR_SIGNING_KEY = ""


def _demo_card():
    return with_photo(Employee.objects.get(nip=DEMO_PNS))


def _front_png(card) -> bytes:
    return render_download(card, "depan.png").content


def write_y4m(png: bytes, path, frames: int = 3) -> None:
    """The card held up to a camera: scaled into a 1280×720 picture on a grey desk, written
    as a YUV4MPEG2 video (planar YUV 4:2:0, full-range "JPEG" YCbCr) that Chromium's fake
    camera plays in a loop."""
    card = Image.open(io.BytesIO(png)).convert("RGBA")
    scale = min(0.94 * FRAME[0] / card.width, 0.94 * FRAME[1] / card.height)
    card = card.resize((round(card.width * scale), round(card.height * scale)), Image.LANCZOS)
    picture = Image.new("RGB", FRAME, (118, 124, 130))
    picture.paste(card, ((FRAME[0] - card.width) // 2, (FRAME[1] - card.height) // 2), card)
    y, cb, cr = picture.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    planes = b"".join(
        plane.tobytes() for plane in (y, cb.resize(half, Image.BOX), cr.resize(half, Image.BOX))
    )
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            f.write(b"FRAME\n" + planes)
    return picture


def _forged_png(card) -> tuple[bytes, str]:
    """The card reprinted with another name, its QR payload edited to match and the original
    signature kept: the forgery a copy shop could make."""
    face = card_face(card)
    url, digits = face.verify_url.split("#")
    message = cbor2.loads(claims.from_fragment(digits))
    protected, unprotected, payload, signature = message.value
    cwt = cbor2.loads(payload)
    forged_name = "Budi Santoso, S.E."
    cwt[claims.CARD_CLAIM][2] = forged_name
    forged = cbor2.dumps(
        cbor2.CBORTag(cose.COSE_SIGN1_TAG, [protected, unprotected, cbor2.dumps(cwt), signature])
    )
    forged_face = dataclasses.replace(
        face, full_name=forged_name, verify_url=f"{url}#{claims.to_fragment(forged)}"
    )
    return rendering.render_sides(forged_face, card.orientation)["depan.png"], forged_name


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _open_scanner(context, base_url):
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(base_url + SCANNER)
    # One visit keeps the page, the decoder, the keys and the status list on this device.
    expect(page.locator("html[data-pindai-luring=siap]")).to_have_count(1)
    expect(page.get_by_text("Siap dipakai tanpa jaringan")).to_be_visible()
    return page, problems


def _verdict(page):
    return page.locator("[data-result] .vonis__judul")


def _upload(page, name: str, content: bytes, mime: str, label: str = "Pilih Foto Kartu"):
    page.get_by_label(label).set_input_files({"name": name, "mimeType": mime, "buffer": content})


def _assert_says_valid_for(page, card):
    expect(_verdict(page)).to_have_text("SAH")
    result = page.locator("[data-result]")
    expect(result).to_contain_text(NAME)
    text = result.inner_text()
    assert "19860926 201505 1 001" in text  # the NIP grouped as printed on the card
    assert card.number in text and "Badan Kepegawaian Negara" in text
    assert re.search(r"Status kartu per \d{1,2} \w+ 20\d\d, \d\d\.\d\d WIB", text), text


@pytest.fixture
def server_requests():
    """The paths that reached the portal: none may while the phone is offline."""
    paths = []

    def note(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(note)
    yield paths
    request_started.disconnect(note)


@pytest.fixture
def camera_browser(browser, tmp_path):
    """Chromium whose camera plays a video file; made per test, once the card exists."""
    launched = []

    def launch(y4m_path=None):
        """Without a file, the fake camera shows Chromium's own moving test pattern."""
        fake = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
        if y4m_path:
            fake.append(f"--use-file-for-fake-video-capture={y4m_path}")
        launched.append(
            browser.browser_type.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run", *fake],
            )  # fmt: skip
        )
        return launched[-1]

    yield launch
    for each in launched:
        each.close()


def test_a_guard_scans_a_card_with_the_camera_then_again_in_airplane_mode(
    camera_browser, live_server, demo_data, shot, tmp_path, server_requests
):
    card = _demo_card()
    png = _front_png(card)
    picture = write_y4m(png, tmp_path / "kartu.y4m")
    # The picture the camera gives holds the card's QR, read by an independent decoder.
    assert read_signed_qr(picture.convert("L")).endswith(card.qr_payload)
    context = camera_browser(tmp_path / "kartu.y4m").new_context(**PHONE, permissions=["camera"])
    page, problems = _open_scanner(context, live_server.url)
    shot(page, "pindai-siap-ponsel")

    page.get_by_role("button", name="Buka Kamera").click()
    _assert_says_valid_for(page, card)
    expect(page.get_by_role("button", name="Tutup Kamera")).to_be_hidden()  # camera closed
    link = page.get_by_role("link", name="Buka Data Terkini")
    assert link.get_attribute("href") == f"/v/{card.token}/"
    shot(page, "pindai-sah-ponsel")

    context.set_offline(True)
    server_requests.clear()
    page.reload()
    expect(page.get_by_role("heading", name="Pindai Kartu")).to_be_visible()
    expect(page.locator("[data-status-time]")).to_contain_text("Status kartu per")
    page.get_by_role("button", name="Buka Kamera").click()
    _assert_says_valid_for(page, card)
    expect(link).to_be_hidden()  # the live record needs the network
    expect(page.get_by_text("Tanpa jaringan: data terkini")).to_be_visible()
    assert server_requests == []  # page, decoder, keys and list all came from the device
    shot(page, "pindai-sah-luring-ponsel")

    # Online again: the live record follows, behind the captcha.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(link).to_be_visible()
    link.click()
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Kode keamanan").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_role("button", name="Periksa Kartu").click()
    expect(page.get_by_role("heading", name="KARTU SAH — PEGAWAI AKTIF")).to_be_visible()
    assert problems == []
    context.close()


def test_a_guard_reads_a_downloaded_card_and_a_photo_of_a_print(
    browser, live_server, demo_data, shot
):
    card = _demo_card()
    png = _front_png(card)
    context = browser.new_context(**DESKTOP)
    page, problems = _open_scanner(context, live_server.url)
    shot(page, "pindai-siap-desktop")

    _upload(page, "kartu-depan.png", png, "image/png")
    _assert_says_valid_for(page, card)
    shot(page, "pindai-sah-desktop")

    page.get_by_role("button", name="Pindai Kartu Lain").click()
    expect(page.locator("[data-result]")).to_be_empty()
    _upload(page, "IMG_0042.jpg", _jpeg(photo_of_a_print(png)), "image/jpeg")
    _assert_says_valid_for(page, card)
    assert problems == []
    context.close()


def test_a_forged_card_and_a_picture_without_a_code_are_told_apart(
    browser, live_server, demo_data, shot
):
    card = _demo_card()
    forged_png, forged_name = _forged_png(card)
    context = browser.new_context(**PHONE)
    page, problems = _open_scanner(context, live_server.url)

    _upload(page, "kartu.png", forged_png, "image/png")
    expect(_verdict(page)).to_have_text("TIDAK SAH")
    assert forged_name not in page.locator("[data-result]").inner_text()
    expect(page.get_by_role("link", name="Buka Data Terkini")).to_be_visible()
    shot(page, "pindai-tidak-sah-ponsel")

    back = rendering.render_sides(card_face(card), card.orientation)["belakang.png"]
    _upload(page, "belakang.png", back, "image/png")
    expect(page.get_by_text("Kode QR tidak ditemukan di foto")).to_be_visible()
    _upload(page, "catatan.txt", b"bukan gambar", "text/plain")
    expect(page.get_by_text("tidak dapat dibuka sebagai gambar")).to_be_visible()
    assert problems == []
    context.close()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda card: services.revoke_card(card, "Kartu hilang", actor=None), "DICABUT"),
        (lambda card: services.reissue_card(card, actor=None), "DIGANTI"),
    ],
    ids=["dicabut", "diganti"],
)
def test_a_revoked_or_replaced_card_is_told_from_the_status_list(
    browser, live_server, demo_data, change, words
):
    card = _demo_card()
    png = _front_png(card)
    change(card)  # after the card was printed: its signature stays good
    context = browser.new_context(**PHONE)
    page, problems = _open_scanner(context, live_server.url)

    _upload(page, "kartu.png", png, "image/png")
    expect(_verdict(page)).to_have_text(words)
    expect(page.locator("[data-result]")).to_contain_text("Status kartu per")
    assert problems == []
    context.close()


def test_a_card_signed_by_a_key_newer_than_the_kept_ones_waits_for_the_network(
    browser, live_server, own_ring, demo_data
):
    context = browser.new_context(**PHONE)
    page, problems = _open_scanner(context, live_server.url)  # keeps today's keys
    call_command("qr_keys", "rotate", stdout=io.StringIO())
    newcomer = EmployeeFactory(agency=Employee.objects.get(nip=DEMO_PNS).agency)
    png = _front_png(services.card_for(newcomer))  # signed with the new key

    context.set_offline(True)
    _upload(page, "kartu-baru.png", png, "image/png")
    expect(_verdict(page)).to_have_text("STATUS TIDAK DAPAT DIPERIKSA")  # not "TIDAK SAH"

    context.set_offline(False)
    page.get_by_role("button", name="Pindai Kartu Lain").click()
    _upload(page, "kartu-baru.png", png, "image/png")
    expect(_verdict(page)).to_have_text("SAH")  # the new key fetched, skipping the HTTP cache
    expect(page.locator("[data-result]")).to_contain_text(newcomer.full_name)
    assert problems == []
    context.close()


def test_the_scanner_in_english_and_offline_keeps_its_language(
    browser, live_server, demo_data, shot
):
    card = _demo_card()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + SCANNER)
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Scan a Card")).to_be_visible()
    expect(page.locator("html[data-pindai-luring=siap]")).to_have_count(1)

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Scan a Card")).to_be_visible()
    _upload(page, "card.png", _front_png(card), "image/png", "Choose a Photo of the Card")
    expect(_verdict(page)).to_have_text("VALID")
    expect(page.locator("[data-result]")).to_contain_text("Card status as of")
    shot(page, "pindai-sah-luring-en-ponsel")
    context.close()


def test_a_phone_that_refuses_the_camera_is_told_what_to_do(browser, live_server, demo_data):
    context = browser.new_context(**PHONE)  # no camera permission given
    page, problems = _open_scanner(context, live_server.url)

    page.get_by_role("button", name="Buka Kamera").click()
    expect(page.locator("[data-message]")).to_contain_text("pilih foto kartu", ignore_case=True)
    expect(page.get_by_role("button", name="Buka Kamera")).to_be_visible()  # nothing half-open
    assert page.locator("[data-message]").inner_text() in (
        "Izin kamera ditolak. Izinkan kamera untuk situs ini di pengaturan peramban, atau "
        "pilih foto kartu.",
        "Kamera tidak ditemukan di perangkat ini. Pilih foto kartu.",
    )
    assert problems == []
    context.close()


def test_the_camera_shows_its_picture_until_the_guard_closes_it(
    camera_browser, live_server, demo_data
):
    context = camera_browser().new_context(**DESKTOP, permissions=["camera"])
    page, problems = _open_scanner(context, live_server.url)

    page.get_by_role("button", name="Buka Kamera").click()
    video = page.get_by_label("Gambar dari kamera: arahkan ke kode QR pada kartu")
    expect(video).to_be_visible()
    expect(page.get_by_role("button", name="Buka Kamera")).to_be_hidden()
    page.wait_for_function("() => document.querySelector('video').videoWidth > 0")
    page.get_by_role("button", name="Tutup Kamera").click()
    expect(page.get_by_text("Kamera ditutup.")).to_be_visible()
    expect(video).to_be_hidden()
    assert page.evaluate("document.querySelector('video').srcObject") is None  # camera off
    expect(page.get_by_role("button", name="Buka Kamera")).to_be_focused()
    expect(page.locator("[data-result]")).to_be_empty()
    assert problems == []
    context.close()


def test_without_javascript_the_page_says_a_camera_app_opens_the_live_record(
    browser, live_server, demo_data, shot
):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + SCANNER)
    expect(page.get_by_text("Pemindaian di halaman ini memerlukan JavaScript")).to_be_visible()
    expect(page.get_by_role("button", name="Buka Kamera")).to_be_hidden()
    shot(page, "pindai-tanpa-javascript-ponsel")
    context.close()
