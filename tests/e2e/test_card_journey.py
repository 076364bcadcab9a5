import io

import pypdf
from PIL import Image

from cards.models import Card
from cards.signing import claims
from tests.cards.test_rendering import read_signed_qr
from tests.e2e.conftest import DEMO_PNS, PHONE, log_in
from tests.portrait import pas_foto


def test_employee_puts_a_photo_on_the_card_switches_to_landscape_and_downloads(
    browser, live_server, demo_data, shot, tmp_path, settings
):
    photo = tmp_path / "pas-foto.jpg"
    photo.write_bytes(pas_foto())
    context = browser.new_context(**PHONE, accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server.url)

    page.get_by_role("link", name="Layanan Lainnya").first.click()
    page.get_by_role("link", name="Kartu ASN Virtual").click()
    page.wait_for_url(live_server.url + "/layanan/kartu-asn/")
    assert page.get_by_text("Kartu Anda belum memiliki foto.").is_visible()
    shot(page, "kartu-1-tanpa-foto-ponsel")

    page.get_by_role("link", name="Ubah Foto").click()
    page.wait_for_url(live_server.url + "/layanan/kartu-asn/foto/")
    shot(page, "kartu-2-ubah-foto-ponsel")
    page.get_by_label("Pilih Foto").set_input_files(str(photo))
    confirm = page.get_by_role("button", name="Gunakan Foto Ini")
    confirm.wait_for()
    page.locator(".crop-stage").wait_for()
    shot(page, "kartu-3-pratinjau-foto-baru-ponsel")
    card = Card.objects.get(employee__nip=DEMO_PNS)
    assert card.photo_id is None  # nothing changes before "Gunakan Foto Ini"

    confirm.click()
    page.wait_for_url(live_server.url + "/layanan/kartu-asn/")
    assert page.get_by_text("Foto kartu sudah diperbarui.").is_visible()
    shot(page, "kartu-4-dengan-foto-portrait-ponsel")

    page.get_by_role("button", name="Landscape").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Landscape").get_attribute("aria-pressed") == "true"
    shot(page, "kartu-5-landscape-ponsel")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Sisi depan (PNG)").click()
    download = download_info.value
    assert download.suggested_filename == f"kartu-asn-{DEMO_PNS}-landscape-depan.png"
    image = Image.open(download.path())
    assert image.width > image.height
    card.refresh_from_db()
    url, _hash, payload = read_signed_qr(image).partition("#")
    assert url == f"{settings.PUBLIC_BASE_URL}/v/{card.token}/"
    # the signed part after "#", which a phone checks offline
    assert claims.verify(claims.from_fragment(payload)).card_number == card.number
    image.save("test-artifacts/kartu-unduhan-landscape-depan.png")

    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Lembar cetak A4 (PDF)").click()
    text = (
        pypdf.PdfReader(io.BytesIO(open(pdf_info.value.path(), "rb").read()))
        .pages[0]
        .extract_text()
    )
    assert "50 mm" in text
    context.close()


def test_print_view_is_at_true_size(browser, live_server, demo_data, shot):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(live_server.url + "/layanan/kartu-asn/cetak/?tanpa-dialog")
    sizes = page.locator(".print-cut .kartu").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    px_per_mm = 96 / 25.4
    assert len(sizes) == 2
    for width, height in sizes:  # portrait by default: 53.98 × 85.60 mm
        assert abs(width - 53.98 * px_per_mm) < 1 and abs(height - 85.60 * px_per_mm) < 1
    shot(page, "kartu-cetak-desktop")
    context.close()


def test_card_page_fits_a_narrow_phone_in_both_layouts(browser, live_server, demo_data, shot):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    log_in(page, live_server.url)
    for layout in ("Landscape", "Portrait"):
        page.goto(live_server.url + "/layanan/kartu-asn/")
        page.get_by_role("button", name=layout).click()
        page.wait_for_load_state()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{layout}: the page scrolls sideways by {overflow}px"
        shot(page, f"kartu-{layout.lower()}-360px")
    context.close()
