import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Employee
from cards.employees import update_employee
from cards.models import TOKEN_ALPHABET, Card, CardEvent
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_eligible_employee_gets_a_card_on_first_visit(employee_client, employee):
    page = employee_client.get("/layanan/kartu-asn/").content.decode()
    card = Card.objects.get(employee=employee)
    assert card.number in page and card.number != employee.nip
    assert len(card.token) >= 26 and set(card.token) <= set(TOKEN_ALPHABET)
    assert employee.nip not in card.token
    assert card.events.get().kind == CardEvent.Kind.ISSUED


def test_card_page_has_the_contract_labels(employee_client):
    page = employee_client.get("/layanan/kartu-asn/").content.decode()
    for label in ("Ubah Foto", "Portrait", "Landscape", "Download", "Print"):
        assert label in page


def test_card_page_shows_both_sides_of_the_card_as_preview(employee_client, employee):
    page = employee_client.get("/layanan/kartu-asn/").content.decode()
    assert "kartu--depan" in page and "kartu--belakang" in page
    assert "KARTU APARATUR" in page and employee.full_name in page


def test_card_without_photo_prompts_for_one(employee_client):
    page = employee_client.get("/layanan/kartu-asn/").content.decode()
    assert "Kartu Anda belum memiliki foto." in page


def test_card_with_photo_has_no_prompt(client, employee, card_with_photo):
    client.force_login(employee)
    page = client.get("/layanan/kartu-asn/").content.decode()
    assert "Kartu Anda belum memiliki foto." not in page
    assert f"/layanan/kartu-asn/foto/{card_with_photo.photo_id}.jpg" in page


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"start_date": None}, "belum tercatat"),
        (
            {"start_date": timezone.localdate() + dt.timedelta(days=30)},
            "akan terbit otomatis mulai",
        ),
        ({"status": Employee.Status.RETIRED}, "pensiun"),
        ({"status": Employee.Status.DECEASED}, "meninggal dunia"),
    ],
)
def test_ineligible_employee_is_told_why_there_is_no_card(client, agency, changes, words):
    employee = EmployeeFactory(agency=agency, **changes)
    client.force_login(employee)
    page = client.get("/layanan/kartu-asn/").content.decode()
    assert "Kartu belum tersedia" in page and words in page
    assert not Card.objects.filter(employee=employee).exists()


def test_pppk_past_contract_end_has_no_card(client, agency):
    employee = EmployeeFactory(
        agency=agency, asn_type="PPPK", contract_end_date=dt.date(2025, 1, 1)
    )
    client.force_login(employee)
    assert "masa kontrak berakhir" in client.get("/layanan/kartu-asn/").content.decode()


def test_layout_choice_is_remembered(employee_client, employee):
    employee_client.get("/layanan/kartu-asn/")
    employee_client.post("/layanan/kartu-asn/tata-letak/", {"orientation": "landscape"})
    page = employee_client.get("/layanan/kartu-asn/").content.decode()
    assert Card.objects.get(employee=employee).orientation == "landscape"
    assert "kartu--landscape" in page and "kartu--portrait" not in page


def test_unknown_layout_is_refused_with_a_message(employee_client, employee):
    employee_client.get("/layanan/kartu-asn/")
    response = employee_client.post(
        "/layanan/kartu-asn/tata-letak/", {"orientation": "diagonal"}, follow=True
    )
    assert "Pilih tata letak Portrait atau Landscape." in response.content.decode()
    assert Card.objects.get(employee=employee).orientation == "portrait"


def test_layout_change_requires_post(employee_client):
    assert employee_client.get("/layanan/kartu-asn/tata-letak/").status_code == 405


def test_card_page_requires_login(client):
    response = client.get("/layanan/kartu-asn/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_promotion_bumps_the_card_revision_and_is_audited(card, employee, hr_officer):
    promotion = {"rank": "III/c", "position": "Analis Kepegawaian Ahli Madya"}
    update_employee(employee, promotion, actor=hr_officer)
    card.refresh_from_db()
    event = card.events.first()
    assert card.revision == 2 and event.kind == CardEvent.Kind.DATA_CHANGED
    assert set(event.detail["fields"]) == {"rank", "position"}
    assert event.actor == hr_officer


def test_print_view_shows_both_sides_at_true_size(employee_client):
    page = employee_client.get("/layanan/kartu-asn/cetak/").content.decode()
    assert page.count('class="kartu ') == 2 and "50 mm" in page and "cetak.js" in page


def test_a_save_of_unprinted_fields_only_reads_nothing_for_the_card(card, employee):
    with CaptureQueriesContext(connection) as queries:
        employee.save(update_fields=["last_login"])
    assert len(queries) == 1  # the UPDATE itself
    card.refresh_from_db()
    assert card.revision == 1
