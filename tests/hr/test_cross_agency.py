"""An HR officer of agency A reaches nothing of agency B: not by the menus, not by crafted
URLs or POSTs. Every door of the admin is tried with B's real ids."""

import io

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from accounts.models import Agency, Employee, WorkUnit
from cards.models import CardEvent

pytestmark = pytest.mark.django_db

EMPLOYEE = "/admin/accounts/employee/"


@pytest.fixture
def setting(hr_client, employee, foreigner, units):
    return hr_client


def _text(response) -> str:
    return response.content.decode()


def test_the_employee_list_and_its_search_show_only_agency_a(setting, employee, foreigner):
    page = _text(setting.get(EMPLOYEE))
    assert employee.nip in page and foreigner.nip not in page
    found = setting.get(EMPLOYEE, {"q": foreigner.nip})
    assert list(found.context["cl"].result_list) == []


def test_the_unit_filter_does_not_name_agency_b_units(setting, other_unit):
    assert other_unit.name not in _text(setting.get(EMPLOYEE))


@pytest.mark.parametrize("suffix", ["change/", "history/", "password/", "delete/"])
def test_agency_b_employee_pages_are_not_found_or_forbidden(setting, foreigner, suffix):
    response = setting.get(f"{EMPLOYEE}{foreigner.pk}/{suffix}")
    assert response.status_code in (403, 404)
    assert foreigner.name not in _text(response)


def test_a_crafted_change_post_does_not_touch_agency_b(setting, foreigner):
    response = setting.post(f"{EMPLOYEE}{foreigner.pk}/change/", {"name": "Diretas"})
    assert response.status_code == 404
    foreigner.refresh_from_db()
    assert foreigner.name == "Siti Nurhaliza"


def test_a_crafted_delete_post_does_not_delete_agency_b(setting, foreigner):
    response = setting.post(f"{EMPLOYEE}{foreigner.pk}/delete/", {"post": "yes"})
    assert response.status_code in (403, 404)
    assert Employee.objects.filter(pk=foreigner.pk).exists()


def test_agency_b_photo_is_not_served_even_under_an_own_employee(setting, employee, foreigner):
    photo_id = foreigner.card.photo_id
    assert setting.get(f"{EMPLOYEE}{foreigner.pk}/foto/{photo_id}/").status_code == 404
    assert setting.get(f"{EMPLOYEE}{employee.pk}/foto/{photo_id}/").status_code == 404


def test_export_of_everything_and_of_crafted_ids_leaves_agency_b_out(setting, employee, foreigner):
    everything = setting.post(f"{EMPLOYEE}export/", {"format": "0", "resource": "0"})
    assert employee.nip in _text(everything) and foreigner.nip not in _text(everything)
    crafted = setting.post(
        f"{EMPLOYEE}export/",
        {"format": "0", "resource": "0", "export_items": [foreigner.pk, employee.pk]},
    )
    assert foreigner.nip not in _text(crafted)


def test_the_export_action_with_agency_b_ids_selects_nothing_of_b(setting, foreigner):
    page = setting.post(
        EMPLOYEE, {"action": "export_admin_action", "_selected_action": [foreigner.pk]}
    )
    assert f'value="{foreigner.pk}"' not in _text(page)


@pytest.mark.parametrize("field, term", [("work_unit", "Pendidikan"), ("agency", "Jawa")])
def test_autocomplete_offers_nothing_of_agency_b(setting, other_unit, field, term):
    response = setting.get(
        "/admin/autocomplete/",
        {"app_label": "accounts", "model_name": "employee", "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_agency_and_unit_of_b_cannot_be_chosen_when_adding_an_employee(
    setting, other_agency, other_unit
):
    response = setting.post(
        f"{EMPLOYEE}add/",
        {"nip": "199001012015011001", "name": "Pegawai Titipan", "birth_date": "1990-01-01",
         "gender": "L", "asn_type": "PNS", "agency": other_agency.pk, "work_unit": other_unit.pk},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with errors
    assert not Employee.objects.filter(nip="199001012015011001").exists()


def test_agency_b_units_and_agency_are_not_reachable(setting, other_unit, other_agency):
    units = _text(setting.get("/admin/accounts/workunit/"))
    assert other_unit.name not in units
    assert setting.get(f"/admin/accounts/workunit/{other_unit.pk}/change/").status_code == 404
    assert setting.get(f"/admin/accounts/agency/{other_agency.pk}/change/").status_code == 404
    assert other_agency.name not in _text(setting.get("/admin/accounts/agency/"))


def test_a_unit_added_by_hr_always_lands_in_their_own_agency(setting, agency, other_agency):
    setting.post("/admin/accounts/workunit/add/",
                 {"agency": other_agency.pk, "code": "SUSUP", "name": "Unit Susupan"})  # fmt: skip
    assert not WorkUnit.objects.filter(agency=other_agency, code="SUSUP").exists()


def test_card_actions_with_agency_b_ids_change_no_card(setting, foreigner):
    card = foreigner.card
    token = card.token
    for action in ("revoke_cards", "reissue_cards"):
        setting.post(EMPLOYEE, {"action": action, "_selected_action": [foreigner.pk],
                                "confirm": "1", "reason": "iseng"})  # fmt: skip
    card.refresh_from_db()
    assert card.revoked_at is None and card.token == token
    assert not card.retired_tokens.exists()


def test_password_reset_action_with_agency_b_ids_sends_nothing(setting, foreigner):
    setting.post(EMPLOYEE, {"action": "send_password_reset", "_selected_action": [foreigner.pk]})
    assert mail.outbox == []


def test_import_cannot_target_agency_b_by_a_crafted_agency(setting, other_agency):
    csv = (
        "nip,nama,tanggal_lahir,jenis_kelamin,jenis_asn,kode_unit\r\n"
        "199001012015011001,Pegawai Titipan,1990-01-01,L,PNS,DISDIK\r\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "titipan.csv"
    page = setting.post(f"{EMPLOYEE}import/", {"agency": other_agency.pk, "import_file": upload})
    assert [bad.problems for bad in page.context["report"].bad_rows] == [
        [("kode_unit", "Kode unit “DISDIK” tidak ada di instansi ini.")]
    ]
    confirm = setting.post(
        f"{EMPLOYEE}process_import/",
        {"agency": other_agency.pk, "import_file_name": "x", "original_file_name": "titipan.csv",
         "format": "0", "resource": "0"},
    )  # fmt: skip
    assert confirm.status_code == 302  # back to the upload: there is no such file
    assert not Employee.objects.filter(nip="199001012015011001").exists()


def test_import_rows_with_agency_b_nips_are_refused(setting, foreigner, units):
    csv = (
        "nip,nama,tanggal_lahir,jenis_kelamin,jenis_asn,kode_unit\r\n"
        f"{foreigner.nip},Diambil Alih,{foreigner.birth_date},P,PPPK,BIRO-SDM\r\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "ambil.csv"
    page = _text(
        setting.post(
            f"{EMPLOYEE}import/", {"import_file": upload, "agency": units["SETTAMA"].agency_id}
        )
    )
    assert "terdaftar di instansi lain" in page
    foreigner.refresh_from_db()
    assert foreigner.name == "Siti Nurhaliza"


def test_card_audit_trail_shows_no_agency_b_event(setting, employee, foreigner):
    events = _text(setting.get("/admin/cards/cardevent/"))
    assert foreigner.name not in events
    event = CardEvent.objects.filter(card__employee=foreigner).first()
    assert setting.get(f"/admin/cards/cardevent/{event.pk}/change/").status_code == 404


def test_data_change_log_shows_no_agency_b_entry(setting, other_hr_officer, foreigner):
    entry = LogEntry.objects.create(
        user=other_hr_officer, content_type=ContentType.objects.get_for_model(Employee),
        object_id=str(foreigner.pk), object_repr=str(foreigner), action_flag=CHANGE,
        change_message="Diubah oleh petugas instansi B",
    )  # fmt: skip
    assert "Diubah oleh petugas instansi B" not in _text(setting.get("/admin/admin/logentry/"))
    assert setting.get(f"/admin/admin/logentry/{entry.pk}/change/").status_code == 404


def test_the_overview_shows_only_agency_a(setting, agency, other_agency):
    page = _text(setting.get("/admin/"))
    assert agency.name in page and other_agency.name not in page


def test_a_superuser_sees_both_agencies(client, superuser, employee, foreigner):
    client.force_login(superuser)
    page = _text(client.get(EMPLOYEE))
    assert employee.nip in page and foreigner.nip in page
    assert Agency.objects.count() == 2
