"""Who changed which employee and card, what changed, and when."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from accounts import outbox
from cards import services
from cards.employees import update_employee
from cards.models import CardEvent
from tests.factories import with_photo

pytestmark = pytest.mark.django_db

EMPLOYEE = "/admin/accounts/employee/"


def _change_position(client, employee, position, **extra):
    return client.post(
        f"{EMPLOYEE}{employee.pk}/change/",
        {"nip": employee.nip, "name": employee.name, "back_title": employee.back_title,
         "birth_date": employee.birth_date, "gender": employee.gender,
         "email": employee.email, "asn_type": employee.asn_type, "status": employee.status,
         "agency": employee.agency_id, "work_unit": employee.work_unit_id,
         "position": position, "rank": employee.rank, "start_date": employee.start_date,
         "is_active": "on", "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0", **extra},
    )  # fmt: skip


def test_an_admin_edit_records_its_author_and_the_old_and_new_values(
    hr_client, hr_officer, employee
):
    old = employee.position
    assert _change_position(hr_client, employee, "Kepala Subbagian Kepegawaian").status_code == 302
    entry = LogEntry.objects.get(object_id=str(employee.pk), action_flag=CHANGE)
    assert entry.user == hr_officer
    history = hr_client.get(f"{EMPLOYEE}{employee.pk}/history/").content.decode()
    assert hr_officer.full_name in history and hr_officer.nip in history
    assert f"“{old}” → “Kepala Subbagian Kepegawaian”" in history


def test_an_employee_with_photo_history_can_still_be_edited(hr_client, employee):
    photo_id = with_photo(employee).photo_id
    inline = {"photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "1",
              "photos-0-id": photo_id, "photos-0-employee": employee.pk}  # fmt: skip
    response = _change_position(hr_client, employee, "Perencana Ahli Muda", **inline)
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.position == "Perencana Ahli Muda"


def test_a_printed_change_bumps_the_card_and_shows_in_the_card_history(
    hr_client, hr_officer, employee, card
):
    _change_position(hr_client, employee, "Analis Kebijakan Ahli Muda")
    card.refresh_from_db()
    assert card.revision == 2
    services.revoke_card(card, "Mutasi ke instansi lain", actor=hr_officer)
    history = hr_client.get(f"{EMPLOYEE}{employee.pk}/history/").content.decode()
    assert "Data pada kartu berubah" in history and "jabatan" in history
    assert "Kartu dicabut" in history and "Alasan: Mutasi ke instansi lain" in history


def test_the_card_audit_trail_filters_by_kind_and_by_officer(
    hr_client, hr_officer, employee, other_employee, card
):
    other_card = services.card_for(other_employee)
    services.revoke_card(card, "Hilang", actor=hr_officer)
    services.set_orientation(other_card, "landscape", other_employee)
    revoked = hr_client.get("/admin/cards/cardevent/", {"kind__exact": "revoked"})
    assert [e.card for e in revoked.context["cl"].result_list] == [card]
    by_officer = hr_client.get("/admin/cards/cardevent/", {"actor__id__exact": hr_officer.pk})
    assert {e.kind for e in by_officer.context["cl"].result_list} == {CardEvent.Kind.REVOKED}
    by_nip = hr_client.get("/admin/cards/cardevent/", {"q": other_employee.nip})
    assert {e.card for e in by_nip.context["cl"].result_list} == {other_card}


def test_the_data_change_log_lists_own_agency_changes_with_author(hr_client, hr_officer, employee):
    _change_position(hr_client, employee, "Pranata Komputer Ahli Muda")
    page = hr_client.get("/admin/admin/logentry/", {"q": employee.nip})
    entries = list(page.context["cl"].result_list)
    assert [(e.user, e.object_id) for e in entries] == [(hr_officer, str(employee.pk))]


def test_an_admin_edit_of_printed_data_records_the_card_event_with_its_officer_and_values(
    hr_client, hr_officer, employee, card
):
    old = employee.position
    _change_position(hr_client, employee, "Analis Sumber Daya Manusia Aparatur Ahli Muda")
    event = card.events.get(kind=CardEvent.Kind.DATA_CHANGED)
    assert event.actor == hr_officer and event.revision == 2
    assert event.detail["values"] == {
        "position": [old, "Analis Sumber Daya Manusia Aparatur Ahli Muda"]
    }
    history = hr_client.get(f"{EMPLOYEE}{employee.pk}/history/").content.decode()
    assert f"jabatan “{old}” → “Analis Sumber Daya Manusia Aparatur Ahli Muda”" in history
    card_row = history.split('id="card-history"', 1)[1]
    assert f"{hr_officer.full_name} ({hr_officer.nip})" in card_row


def test_an_admin_save_without_a_printed_change_leaves_the_card_alone(hr_client, employee, card):
    employee.email = "andi.baru@bkn.go.id"
    _change_position(hr_client, employee, employee.position)
    employee.refresh_from_db()
    card.refresh_from_db()
    assert employee.email == "andi.baru@bkn.go.id"
    assert card.revision == 1 and not card.events.filter(kind=CardEvent.Kind.DATA_CHANGED)


def test_a_move_to_another_unit_is_recorded_by_unit_name(hr_officer, employee, card, units):
    old_unit, new_unit = employee.work_unit, units["BIRO-SDM"]
    update_employee(employee, {"work_unit": new_unit}, actor=hr_officer)
    event = card.events.get(kind=CardEvent.Kind.DATA_CHANGED)
    assert event.detail["values"]["work_unit_id"] == [str(old_unit or ""), str(new_unit)]


def test_an_officers_change_of_the_email_tells_the_old_address(
    hr_client, employee, django_capture_on_commit_callbacks, mailoutbox
):
    old = employee.email
    employee.email = "andi.pratama@contoh.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        _change_position(hr_client, employee, employee.position)
    assert outbox.flush(timeout=10)
    [message] = mailoutbox
    assert message.to == [old] and employee.nip in message.body
    assert "a•••a@contoh.go.id" in message.body and "andi.pratama@" not in message.body


def test_an_edit_that_keeps_the_email_sends_nothing(
    hr_client, employee, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _change_position(hr_client, employee, "Perencana Ahli Pertama")
    assert outbox.flush(timeout=10)
    assert mailoutbox == []
