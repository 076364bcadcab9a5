"""What a member of the public sees after solving the captcha."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Employee
from cards import services
from cards.models import new_token
from tests.factories import EmployeeFactory
from tests.verification.conftest import solve, verify_url
from verification.models import VerificationEvent
from verification.scans import client_hash

pytestmark = pytest.mark.django_db


def _result(client, token: str) -> str:
    response = solve(client, verify_url(token))
    assert response.status_code == 200
    return response.content.decode()


def test_a_valid_card_shows_the_status_in_words_and_the_record(client, card, employee):
    page = _result(client, card.token)
    assert "KARTU SAH — PEGAWAI AKTIF" in page
    assert "vonis--ok" in page  # colour repeats the words, never replaces them
    for shown in (
        "Andi Pratama Wijaya, S.E.",  # name with titles
        employee.masked_nip,
        "PNS",
        "Badan Kepegawaian Negara",
        employee.work_unit.name,
        "Analis Kepegawaian Ahli Muda",
        employee.rank_label,
        card.number,
    ):
        assert shown in page, shown


def test_the_result_says_when_it_was_checked_in_wib(client, card):
    page = _result(client, card.token)
    checked = VerificationEvent.objects.get().checked_at
    wib = timezone.localtime(checked, dt.timezone(dt.timedelta(hours=7)))
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]  # fmt: skip
    expected = f"{wib.day} {months[wib.month - 1]} {wib.year}, {wib:%H.%M} WIB"
    # A valid HTML datetime: whole seconds and the offset (no microseconds).
    iso = wib.strftime("%Y-%m-%dT%H:%M:%S%z")
    assert f'Diperiksa pada <time datetime="{iso}">{expected}</time>' in page


def test_the_result_page_contains_no_birth_date_email_phone_or_address(client, agency):
    owner = EmployeeFactory(
        agency=agency, birth_date=dt.date(1986, 9, 26), birth_place="Makassar",
        email="andi.pribadi@contoh.go.id", phone="081234567890",
    )  # fmt: skip
    card = services.card_for(owner)
    page = _result(client, card.token)
    assert owner.name in page  # the record is there, so absence below means something
    assert owner.nip[:8] == "19860926" and "19860926" not in page  # the NIP's birth date
    assert f"•••••••• {owner.nip[8:14]} {owner.nip[14]} {owner.nip[15:]}" in page
    for private in ("26 September 1986", "26-09-1986", "1986-09-26", "26/09/1986",
                    "Makassar", "andi.pribadi", "@contoh.go.id", "081234567890",
                    "Tanggal lahir", "Tempat lahir", "Alamat", "Telepon", "Email"):  # fmt: skip
        assert private not in page.replace("Tanggal lahir, alamat, nomor telepon, dan email", ""), (
            private
        )


def test_a_pppk_record_is_labelled_with_its_ni_pppk(client, agency):
    pppk = EmployeeFactory(agency=agency, asn_type="PPPK", name="Siti Nurhaliza")
    page = _result(client, services.card_for(pppk).token)
    assert "<span>NI PPPK</span>" in page and "Golongan IX" in page


def test_a_retired_employee_is_shown_as_not_active_with_the_reason(client, retired_card):
    page = _result(client, retired_card.token)
    assert "PEGAWAI TIDAK AKTIF (pensiun)" in page
    assert "Tidak Aktif (pensiun)" in page and "Drs. Bambang Sutrisno" in page
    assert "vonis--warn" in page


def test_a_dismissed_employee_is_shown_as_not_active(client, card, employee):
    Employee.objects.filter(pk=employee.pk).update(status=Employee.Status.DISMISSED)
    assert "PEGAWAI TIDAK AKTIF (diberhentikan)" in _result(client, card.token)


def test_a_revoked_card_says_so_and_shows_no_data(client, revoked_card):
    page = _result(client, revoked_card.token)
    assert "KARTU DICABUT" in page and "vonis--bad" in page
    owner = revoked_card.employee
    for private in (owner.name, owner.formatted_nip, revoked_card.number, "Kartu hilang"):
        assert private not in page


def test_a_replaced_card_says_so_and_shows_no_data(client, replaced_token):
    page = _result(client, replaced_token)
    assert "KARTU SUDAH DIGANTI DENGAN KARTU BARU" in page
    assert "Rudi Hartono" not in page and "rekaman" not in page


def test_an_unknown_token_is_not_found(client):
    page = _result(client, new_token())
    assert "KARTU TIDAK DITEMUKAN" in page and "rekaman" not in page


def test_a_malformed_token_is_not_found(client):
    assert "KARTU TIDAK DITEMUKAN" in _result(client, "bukan-token")


def test_revoking_a_card_changes_the_next_verification_at_once(client, card, hr_officer):
    assert "KARTU SAH" in _result(client, card.token)
    services.revoke_card(card, "Kartu hilang", hr_officer)
    assert "KARTU DICABUT" in _result(client, card.token)


def test_reissuing_a_card_turns_the_old_printout_into_replaced_at_once(client, card, hr_officer):
    old_token = card.token
    services.reissue_card(card, hr_officer)
    assert "KARTU SUDAH DIGANTI DENGAN KARTU BARU" in _result(client, old_token)
    assert "KARTU SAH — PEGAWAI AKTIF" in _result(client, card.token)


def test_each_completed_verification_is_logged_with_a_salted_hash_of_the_address(client, card):
    solve(client, verify_url(card.token), REMOTE_ADDR="203.0.113.9")
    solve(client, verify_url(new_token()), REMOTE_ADDR="203.0.113.9")
    valid, unknown = VerificationEvent.objects.order_by("pk")
    assert (valid.card, valid.outcome) == (card, "valid")
    assert (unknown.card, unknown.outcome) == (None, "not_found")
    assert valid.client_hash == unknown.client_hash == client_hash("203.0.113.9")
    assert "203.0.113" not in valid.client_hash and len(valid.client_hash) == 64
    assert client_hash("203.0.113.10") != valid.client_hash


def test_opening_the_page_without_solving_the_captcha_logs_nothing(client, card):
    client.get(verify_url(card.token))
    client.post(verify_url(card.token), {"captcha_0": "0" * 40, "captcha_1": "abcde"})
    assert not VerificationEvent.objects.exists()


def test_the_result_page_does_not_show_the_scan_history(client, card):
    solve(client, verify_url(card.token))
    assert "Riwayat Verifikasi" not in _result(client, card.token)


def test_a_visitor_who_switches_to_english_gets_the_status_in_english(client, card):
    client.post("/i18n/setlang/", {"language": "en", "next": verify_url(card.token)})
    url = verify_url(card.token)
    assert "Check that the card is genuine" in client.get(url).content.decode()
    page = solve(client, url).content.decode()
    assert "VALID CARD — ACTIVE EMPLOYEE" in page and "Checked on" in page
