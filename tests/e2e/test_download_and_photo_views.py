"""The card page confirms a download; the verifier sees the holder's face large on a phone."""

from captcha.models import CaptchaStore

from accounts.models import Employee
from cards.outputs import verify_url
from tests.e2e.conftest import DEMO_PNS, DESKTOP, PHONE, log_in
from tests.factories import with_photo


def _demo_card_with_photo():
    return with_photo(Employee.objects.get(nip=DEMO_PNS))


def test_a_download_is_confirmed_with_the_file_name(browser, live_server, demo_data):
    _demo_card_with_photo()
    for name, size in (("ponsel", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(**size, accept_downloads=True)
        page = context.new_page()
        log_in(page, live_server.url)
        page.goto(live_server.url + "/layanan/kartu-asn/")
        page.screenshot(path=f"/tmp/kartu-{name}.png", full_page=True)

        with page.expect_download():
            page.get_by_role("link", name="Sisi depan (PNG)").click()

        status = page.locator("[data-download-status]")
        status.filter(has_text="Kartu tersimpan").wait_for()
        assert status.get_attribute("role") == "status"
        assert f"kartu-asn-{DEMO_PNS}-portrait-depan.png" in status.inner_text()
        page.screenshot(path=f"/tmp/kartu-unduh-{name}.png", full_page=True)
        context.close()


def test_the_verifier_sees_the_photo_at_least_240px_wide_on_a_phone(
    browser, live_server, demo_data
):
    card = _demo_card_with_photo()
    for name, size in (("ponsel", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(**size, locale="id-ID")
        page = context.new_page()
        page.goto(live_server.url + "/v/" + verify_url(card).rsplit("/v/", 1)[1])
        key = page.locator("input[name=captcha_0]").input_value()
        page.get_by_label("Kode keamanan").fill(CaptchaStore.objects.get(hashkey=key).response)
        page.get_by_role("button", name="Periksa Kartu").click()
        photo = page.locator("img.rekaman__foto")
        photo.wait_for()
        photo.evaluate("el => el.decode()")  # loaded (wait_for_function would need eval: CSP)
        box = photo.bounding_box()
        if name == "ponsel":
            assert box["width"] >= 240
        assert abs(box["height"] / box["width"] - 4 / 3) < 0.02
        # Sharp: the served photo has at least as many pixels as the screen shows.
        natural = page.eval_on_selector("img.rekaman__foto", "el => el.naturalWidth")
        assert natural >= box["width"]
        page.screenshot(path=f"/tmp/verifikasi-{name}.png", full_page=True)
        context.close()
