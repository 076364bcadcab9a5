"""The photo page on a phone: the upload lands on the preview, and nothing is broken without JS."""

from playwright.sync_api import expect

from cards.models import PhotoVersion
from tests.e2e.conftest import DEMO_PNS, DESKTOP, PHONE, log_in
from tests.portrait import pas_foto

PHOTO_PAGE = "/layanan/kartu-asn/foto/"


def _in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""",
    )


def test_after_an_upload_on_a_phone_the_preview_and_its_message_are_in_view_and_focused(
    browser, live_server, demo_data, shot, tmp_path
):
    photo = tmp_path / "besar.jpg"
    photo.write_bytes(pas_foto(3000, 4000))  # a phone camera's size: scaled down before sending
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(live_server.url + PHOTO_PAGE)
    page.screenshot(path="/tmp/foto-sebelum-ponsel.png", full_page=True)

    page.get_by_label("Pilih Foto").set_input_files(str(photo))
    page.wait_for_url(live_server.url + PHOTO_PAGE + "#pratinjau")
    page.locator("#pratinjau #pesan").wait_for()
    expect(page.locator("#pesan")).to_be_focused()

    assert "Foto baru sudah diunggah" in page.locator("#pesan").inner_text()
    assert _in_viewport(page, "#pesan")
    assert page.eval_on_selector(".pratinjau__kartu", "el => el.getBoundingClientRect().top") < 844
    assert page.evaluate("document.activeElement.closest('#pratinjau') !== null")
    page.screenshot(path="/tmp/foto-sesudah-ponsel.png")
    candidate = PhotoVersion.objects.get(employee__nip=DEMO_PNS, status="candidate")
    assert max(candidate.source_width, candidate.source_height) <= 2000
    context.close()


def test_the_guidance_is_open_on_a_desktop_even_after_an_upload(
    browser, live_server, demo_data, tmp_path
):
    photo = tmp_path / "pas-foto.jpg"
    photo.write_bytes(pas_foto())
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(live_server.url + PHOTO_PAGE)
    page.screenshot(path="/tmp/foto-sebelum-desktop.png", full_page=True)
    page.get_by_label("Pilih Foto").set_input_files(str(photo))
    page.wait_for_url(live_server.url + PHOTO_PAGE + "#pratinjau")
    page.locator(".crop-stage").wait_for()

    assert page.eval_on_selector("details.guidance", "el => el.open")
    assert page.locator("input[name=zoom]").get_attribute("type") == "range"
    page.screenshot(path="/tmp/foto-sesudah-desktop.png", full_page=True)
    context.close()


def test_without_javascript_the_photo_page_works_with_plain_forms(
    browser, live_server, demo_data, tmp_path
):
    photo = tmp_path / "pas-foto.jpg"
    photo.write_bytes(pas_foto())
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(live_server.url + PHOTO_PAGE)
    page.get_by_label("Pilih Foto").set_input_files(str(photo))
    page.get_by_role("button", name="Unggah Foto").click()
    page.wait_for_url(live_server.url + PHOTO_PAGE + "#pratinjau")

    assert page.get_by_text("Foto baru sudah diunggah").is_visible()
    assert not page.locator(".crop-stage").is_visible()  # the frame needs the script
    assert page.locator("input[type=range]").count() == 0
    zoom = page.get_by_label("Perbesar")
    assert zoom.is_visible() and zoom.get_attribute("type") == "number"
    assert page.locator(".upload-progress").is_hidden()
    page.screenshot(path="/tmp/foto-tanpa-js-ponsel.png", full_page=True)

    zoom.fill("150")
    page.get_by_role("button", name="Terapkan Potongan").click()
    page.wait_for_url(live_server.url + PHOTO_PAGE + "#pratinjau")
    assert page.get_by_text("Potongan foto sudah diterapkan").is_visible()
    candidate = PhotoVersion.objects.get(employee__nip=DEMO_PNS, status="candidate")
    assert candidate.crop_width < candidate.source_width
    context.close()
