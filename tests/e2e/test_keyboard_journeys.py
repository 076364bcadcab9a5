"""Keyboard only: logging in, changing the card photo and checking a card, with Tab, Enter,
Space and the arrow keys, never the mouse; every control reached shows where the focus is."""

from urllib.parse import urlsplit

from captcha.models import CaptchaStore
from playwright.sync_api import expect

from accounts.models import Employee
from cards.models import PhotoVersion
from cards.outputs import verify_url
from tests.e2e.conftest import DEMO_PASSWORD, DEMO_PNS, DESKTOP, PHONE
from tests.factories import with_photo
from tests.portrait import pas_foto

MOST_TABS = 60  # more than any page here needs to reach its last control

FOCUS_SHOWN = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== 'none';
}"""


def _tab_to(page, selector: str, *, backwards: bool = False) -> None:
    """Press Tab until the element matching `selector` has the focus, and check it shows."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {selector}"
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def _log_in_with_the_keyboard(page, base_url: str, nip: str = DEMO_PNS) -> None:
    page.goto(base_url + "/login/")
    _tab_to(page, "input[name=nip]")
    page.keyboard.type(nip)
    _tab_to(page, "input[name=password]")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "/")


def test_log_in_and_open_the_card_with_the_keyboard(browser, live_server, demo_data):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()

    _log_in_with_the_keyboard(page, live_server.url)
    _tab_to(page, "a[href='/layanan/']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/layanan/")
    _tab_to(page, "a[href='/layanan/kartu-asn/']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/layanan/kartu-asn/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Kartu ASN Virtual")
    _tab_to(page, "a[href*='/layanan/kartu-asn/unduh/']")
    context.close()


def test_change_the_photo_with_the_keyboard(browser, live_server, demo_data, tmp_path):
    photo = tmp_path / "pas-foto.jpg"
    photo.write_bytes(pas_foto())
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _log_in_with_the_keyboard(page, live_server.url)
    page.goto(live_server.url + "/layanan/kartu-asn/foto/")

    _tab_to(page, "input[type=file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(photo))
    page.wait_for_url(live_server.url + "/layanan/kartu-asn/foto/#pratinjau")
    expect(page.locator("#pesan")).to_be_focused()

    # The crop sliders move with the arrow keys; the preview follows.
    _tab_to(page, "input[type=range]")
    slider = page.locator("input[type=range]:focus")
    start = slider.input_value()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert slider.input_value() != start

    _tab_to(page, "form[action$='/foto/gunakan/'] button", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("[role=status], .alert--success").first).to_be_visible()
    photos = PhotoVersion.objects.filter(employee__nip=DEMO_PNS)
    newest = photos.latest("pk")
    assert newest.status == PhotoVersion.Status.CURRENT
    assert photos.filter(status=PhotoVersion.Status.CANDIDATE).count() == 0
    context.close()


def test_check_a_card_with_the_keyboard(browser, live_server, demo_data):
    card = with_photo(Employee.objects.get(nip=DEMO_PNS))
    context = browser.new_context(**PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url + urlsplit(verify_url(card)).path)

    _tab_to(page, "input[name=captcha_1]")
    key = page.locator("input[name=captcha_0]").input_value()
    page.keyboard.type(CaptchaStore.objects.get(hashkey=key).response)
    page.keyboard.press("Enter")

    expect(page.locator("body")).to_contain_text(card.employee.full_name)
    expect(page.locator("body")).to_contain_text("KARTU SAH")
    context.close()
