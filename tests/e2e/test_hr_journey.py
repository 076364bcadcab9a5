"""The BKN HR officer, in a real browser: dry-run a bad spreadsheet, read the errors, import a
good one, find an employee, revoke the card, and see who did what."""

from accounts.models import Employee
from tests.e2e.conftest import DEMO_PASSWORD, DEMO_PNS, DESKTOP
from tests.factories import with_photo
from tests.hr.samples import BAD_LINES, DOCS, GOOD_ROWS
from verification.tokens import look_up

HR_BKN = "198203172006042002"


def submit(page, button: str):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_bkn_hr_officer_imports_then_revokes_a_card(browser, live_server, demo_data, shot):
    andi = Employee.objects.get(nip=DEMO_PNS)
    card = with_photo(andi)  # Andi has opened his card and put a photo on it before
    page = browser.new_context(**DESKTOP, locale="id-ID").new_page()
    base = live_server.url

    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", HR_BKN)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url == base + "/admin/"
    assert "Badan Kepegawaian Negara" in page.inner_text("#agency-overview")
    assert "Pemerintah Provinsi Jawa Barat" not in page.content()
    shot(page, "hr-beranda-admin")

    page.goto(base + "/admin/accounts/employee/")
    page.get_by_role("link", name="Impor dari berkas").click()
    page.set_input_files("input[name=import_file]", str(DOCS / "contoh-salah.csv"))
    submit(page, "Uji coba impor")
    bad_lines = page.locator("#bad-rows tbody th").all_inner_texts()
    assert sorted(int(x) for x in bad_lines) == sorted(BAD_LINES)
    assert "Kode unit “DISDIK” tidak ada di instansi ini." in page.inner_text("#bad-rows")
    assert page.get_by_role("button", name="Simpan data pegawai").count() == 0
    shot(page, "hr-impor-uji-coba-salah")

    page.set_input_files("input[name=import_file]", str(DOCS / "contoh-benar.xlsx"))
    submit(page, "Uji coba impor")
    assert page.locator("#import-changes tbody tr").count() == len(GOOD_ROWS)
    shot(page, "hr-impor-uji-coba-benar")
    submit(page, "Simpan data pegawai")
    assert page.url == base + "/admin/accounts/employee/"
    assert "Impor selesai: 8 pegawai ditambahkan" in page.inner_text(".messagelist")
    assert Employee.objects.filter(nip=GOOD_ROWS[0]["nip"], agency__code="BKN").exists()

    page.fill("#searchbar", "19860926 201505 1 001")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.check(f"input[name=_selected_action][value='{card.employee_id}']")
    page.select_option("select[name=action]", "revoke_cards")
    with page.expect_navigation():
        page.click("button[name=index]")
    page.fill("textarea[name=reason]", "Kartu hilang, dilaporkan pegawai")
    shot(page, "hr-cabut-kartu-konfirmasi")
    submit(page, "Cabut kartu")
    assert "1 kartu dicabut." in page.inner_text(".messagelist")
    assert "Dicabut" in page.inner_text("#result_list")
    shot(page, "hr-daftar-pegawai-setelah-cabut")
    card.refresh_from_db()
    assert card.revoked_at is not None and look_up(card.token).status == "revoked"

    page.goto(f"{base}/admin/accounts/employee/{card.employee_id}/change/")
    assert card.token not in page.content() and card.token[-4:] in page.content()
    shot(page, "hr-ubah-pegawai")

    page.goto(f"{base}/admin/accounts/employee/{card.employee_id}/history/")
    history = page.inner_text("#card-history")
    assert "Kartu dicabut" in history and "Dewi Lestari Handayani" in history
    shot(page, "hr-riwayat-pegawai")
    page.context.close()
