"""The card states the truth of the moment: the date in WIB, the right number label for the
ASN type, and a revoked card is never handed out as if it were valid."""

import datetime as dt
import io

import pypdf
import pytest

from cards import services
from cards.models import Card
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

BASE = "/layanan/kartu-asn/"
DOWNLOADS = ["depan.png", "belakang.png", "depan.pdf", "belakang.pdf", "kartu.pdf"]


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_issue_date_is_the_date_in_wib_not_in_utc(employee_client, card):
    # 01:30 WIB on 30 November is still 29 November in UTC.
    issued = dt.datetime(2026, 11, 29, 18, 30, tzinfo=dt.UTC)
    Card.objects.filter(pk=card.pk).update(issued_at=issued)

    text = pdf_text(employee_client.get(BASE + "unduh/belakang.pdf").content)

    assert "30 November 2026" in text and "29 November 2026" not in text


def test_issue_date_on_the_card_page_agrees_with_the_card(employee_client, card):
    Card.objects.filter(pk=card.pk).update(
        issued_at=dt.datetime(2026, 11, 29, 20, 2, tzinfo=dt.UTC)
    )

    page = employee_client.get(BASE).content.decode()

    assert "30 November 2026" in page and "29 November 2026" not in page


def test_pppk_card_says_ni_pppk(client, agency):
    pppk = EmployeeFactory(agency=agency, asn_type="PPPK", gender="P")
    client.force_login(pppk)

    text = pdf_text(client.get(BASE + "unduh/depan.pdf").content)

    assert "NI PPPK" in text and "NIP" not in text
    assert pppk.formatted_nip in text


def test_pns_card_says_nip(employee_client, employee):
    text = pdf_text(employee_client.get(BASE + "unduh/depan.pdf").content)

    assert "NIP" in text and "NI PPPK" not in text


# ---- Revoked and replaced cards -----------------------------------------------------------


@pytest.fixture
def revoked_card(card, hr_officer):
    return services.revoke_card(card, "Pemberhentian sementara", hr_officer)


def test_card_page_of_a_revoked_card_says_so_and_why(employee_client, revoked_card):
    page = employee_client.get(BASE).content.decode()

    assert "Kartu ASN Virtual Anda telah dicabut." in page
    assert "Alasan: Pemberhentian sementara." in page
    assert "tidak dapat diunduh atau dicetak" in page


def test_card_page_of_a_revoked_card_offers_no_download_print_or_preview(
    employee_client, revoked_card
):
    page = employee_client.get(BASE).content.decode()

    assert BASE + "unduh/" not in page and BASE + "cetak/" not in page
    assert 'class="kartu ' not in page
    assert "Dicabut" in page  # the card facts still say what the card is


@pytest.mark.parametrize("name", DOWNLOADS)
def test_downloads_of_a_revoked_card_are_refused_with_the_reason(
    employee_client, revoked_card, name
):
    response = employee_client.get(BASE + "unduh/" + name)

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert "telah dicabut" in content and "Pemberhentian sementara" in content


def test_print_view_of_a_revoked_card_is_refused(employee_client, revoked_card):
    response = employee_client.get(BASE + "cetak/")

    assert response.status_code == 410
    assert "telah dicabut" in response.content.decode()
    assert 'class="kartu ' not in response.content.decode()


def test_a_download_made_before_revocation_is_not_served_after_it(
    employee_client, card, hr_officer
):
    assert employee_client.get(BASE + "unduh/depan.png").status_code == 200
    services.revoke_card(card, "Kartu hilang", hr_officer)

    assert employee_client.get(BASE + "unduh/depan.png").status_code == 410


def test_reissued_card_page_says_the_old_printout_no_longer_counts(
    employee_client, card, hr_officer
):
    old_number = card.number
    services.revoke_card(card, "Kartu hilang", hr_officer)
    services.reissue_card(card, hr_officer)

    page = employee_client.get(BASE).content.decode()

    assert "diterbitkan ulang" in page and old_number in page
    assert "telah dicabut" not in page
    response = employee_client.get(BASE + "unduh/belakang.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert old_number not in text and Card.objects.get(pk=card.pk).number in text


def test_card_never_replaced_shows_no_notice(employee_client, card):
    page = employee_client.get(BASE).content.decode()

    assert "diterbitkan ulang" not in page and "telah dicabut" not in page
