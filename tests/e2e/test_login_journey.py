import pytest

from tests.e2e.conftest import DESKTOP, PHONE, log_in


@pytest.mark.parametrize("device, window", [("ponsel", PHONE), ("desktop", DESKTOP)])
def test_demo_pns_logs_in_and_reaches_layanan_lainnya(
    browser, live_server, demo_data, shot, device, window
):
    context = browser.new_context(**window, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    shot(page, f"login-{device}")
    log_in(page, live_server.url)
    assert page.get_by_role("heading", name="Andi Pratama Wijaya, S.E., M.Ak.").is_visible()
    shot(page, f"beranda-{device}")
    page.get_by_role("link", name="Layanan Lainnya").first.click()
    page.wait_for_url(live_server.url + "/layanan/")
    assert page.get_by_role("link", name="Kartu ASN Virtual").is_visible()
    shot(page, f"layanan-{device}")
    context.close()


def test_wrong_password_shows_the_neutral_message_in_the_browser(browser, live_server, demo_data):
    page = browser.new_page(**PHONE)
    page.goto(live_server.url + "/login/")
    page.get_by_label("NIP").fill("198609262015051001")
    page.get_by_label("Password").fill("bukan-password")
    page.get_by_role("button", name="Log In").click()
    assert page.get_by_role("alert").inner_text().strip() == "NIP atau kata sandi salah."
    page.close()
