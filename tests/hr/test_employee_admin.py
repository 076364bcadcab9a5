import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.hr.importing.files import read_dataset
from accounts.models import Employee
from cards import services
from cards.employees import import_employees
from cards.models import PhotoVersion
from tests.factories import EmployeeFactory, with_photo
from tests.hr.rows import dataset
from tests.portrait import jpeg_upload

pytestmark = pytest.mark.django_db

EMPLOYEE = "/admin/accounts/employee/"


def _row(page: str, nip: str) -> str:
    return re.search(rf"<tr>(?:(?!</tr>).)*{nip}(?:(?!</tr>).)*</tr>", page, re.S).group(0)


def test_the_list_shows_what_hr_needs_about_each_employee(hr_client, employee, units):
    employee.front_title, employee.back_title = "Dr.", "S.E., M.Ak."
    employee.save()
    with_photo(employee)
    row = _row(hr_client.get(EMPLOYEE).content.decode(), employee.nip)
    for shown in ("Dr. Andi Pratama Wijaya, S.E., M.Ak.", "PNS", "Aktif",
                  employee.work_unit.name, "Berlaku"):  # fmt: skip
        assert shown in row
    thumbnail = re.search(r'<img src="([^"]+)"', row).group(1)
    image = hr_client.get(thumbnail)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image.content[:3] == b"\xff\xd8\xff"


def test_a_photo_is_not_served_to_someone_outside_the_admin(client, employee):
    card = with_photo(employee)
    client.force_login(employee)
    response = client.get(f"{EMPLOYEE}{employee.pk}/foto/{card.photo_id}/")
    assert response.status_code == 302  # to the admin login, no image
    assert not response.content.startswith(b"\xff\xd8")


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(EMPLOYEE).status_code == 200
    return len(queries)


def test_a_page_of_100_costs_as_many_queries_as_a_page_of_10(hr_client, agency, hr_officer):
    def add(count):
        for person in EmployeeFactory.create_batch(count, agency=agency):
            with_photo(person) if person.pk % 2 else None

    add(9)
    hr_client.get(EMPLOYEE)  # the first request after login also renews the session once
    ten = _list_queries(hr_client)
    add(90)
    assert Employee.objects.filter(agency=agency).count() == 100
    assert _list_queries(hr_client) == ten


def test_the_card_token_is_shown_masked(hr_client, employee, card):
    page = hr_client.get(f"{EMPLOYEE}{employee.pk}/change/").content.decode()
    assert card.number in page
    assert card.token not in page
    assert "••••••••" + card.token[-4:] in page


def test_photo_history_lists_current_and_old_photos_but_not_a_pending_upload(hr_client, employee):
    first = with_photo(employee).photo_id
    second = with_photo(employee).photo_id
    pending = services.upload_photo_candidate(employee, jpeg_upload(), employee)
    page = hr_client.get(f"{EMPLOYEE}{employee.pk}/change/").content.decode()
    assert f"/foto/{first}/" in page and f"/foto/{second}/" in page
    assert f"/foto/{pending.pk}/" not in page
    assert PhotoVersion.objects.get(pk=first).get_status_display() in page  # "Riwayat"


def test_search_finds_a_nip_written_with_spaces_as_on_the_card(hr_client, employee):
    spaced = employee.formatted_nip
    assert " " in spaced
    found = hr_client.get(EMPLOYEE, {"q": spaced}).context["cl"].result_list
    assert list(found) == [employee]


def test_the_card_status_filter(hr_client, employee, other_employee, card):
    found = hr_client.get(EMPLOYEE, {"kartu": "belum"}).context["cl"].result_list
    assert employee not in found and other_employee in found


def test_hr_cannot_grant_admin_rights(hr_client, employee, hr_group):
    page = hr_client.get(f"{EMPLOYEE}{employee.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page
    response = hr_client.post(
        f"{EMPLOYEE}{employee.pk}/change/",
        {"nip": employee.nip, "name": employee.name, "asn_type": "PNS", "status": "aktif",
         "agency": employee.agency_id, "work_unit": employee.work_unit_id,
         "is_active": "on", "is_staff": "on", "is_superuser": "on", "groups": [hr_group.pk],
         "date_joined_0": "2020-01-01", "date_joined_1": "00:00:00",
         "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"},
    )  # fmt: skip
    # Saved: the privilege fields were simply not taken.
    assert response.status_code == 302, response.context["adminform"].form.errors
    employee.refresh_from_db()
    assert not employee.is_staff and not employee.is_superuser and not employee.groups.exists()


def test_hr_cannot_change_an_admin_account_of_their_own_agency(hr_client, superuser):
    page = hr_client.get(f"{EMPLOYEE}{superuser.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = hr_client.post(f"{EMPLOYEE}{superuser.pk}/change/", {"email": "hr@jahat.id"})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email != "hr@jahat.id"


def test_hr_never_sets_a_password_directly(hr_client, employee):
    assert hr_client.get(f"{EMPLOYEE}{employee.pk}/password/").status_code == 403


def test_an_employee_added_by_hr_belongs_to_their_agency_and_has_no_password(
    hr_client, agency, units
):
    response = hr_client.post(
        f"{EMPLOYEE}add/",
        {"nip": "199001012015011001", "name": "Pegawai Baru", "birth_date": "1990-01-01",
         "gender": "L", "asn_type": "PNS", "agency": agency.pk,
         "work_unit": units["BIRO-SDM"].pk, "email": "baru@contoh.go.id"},
    )  # fmt: skip
    assert response.status_code == 302
    added = Employee.objects.get(nip="199001012015011001")
    assert added.agency == agency and not added.has_usable_password()


def test_the_admin_speaks_indonesian(hr_client, employee):
    page = hr_client.get(EMPLOYEE).content.decode()
    for label in ("Impor dari berkas", "Ekspor", "Cabut kartu ASN", "Terbitkan ulang kartu ASN",
                  "Kirim e-mail atur ulang kata sandi", "status kartu"):  # fmt: skip
        assert label in page


def test_an_xlsx_export_imports_back_without_changes(hr_client, agency, employee, other_employee):
    response = hr_client.post(f"{EMPLOYEE}export/", {"format": "1", "resource": "0"})
    assert response["Content-Disposition"] == 'attachment; filename="pegawai-BKN.xlsx"'
    exported = read_dataset(b"".join(response), "pegawai-BKN.xlsx")
    assert exported.headers[:3] == ["nip", "nama", "gelar_depan"]
    staff = set(Employee.objects.filter(is_staff=True).values_list("nip", flat=True))
    rows = [row for row in exported.dict if row["nip"] not in staff]  # not importable by HR
    assert {row["nip"] for row in rows} == {employee.nip, other_employee.nip}
    _, report = import_employees(dataset(rows), agency, dry_run=False)
    assert report.ok and (report.unchanged, report.changed, report.new) == (2, 0, 0)


def test_export_selected_offers_csv_and_xlsx_for_just_those_employees(
    hr_client, employee, other_employee
):
    page = hr_client.post(
        EMPLOYEE, {"action": "export_admin_action", "_selected_action": [employee.pk]}
    )
    text = page.content.decode()
    assert "Ekspor 1 pegawai terpilih." in text and ">csv<" in text and ">xlsx<" in text
    download = hr_client.post(
        f"{EMPLOYEE}export/", {"format": "0", "resource": "0", "export_items": [employee.pk]}
    )
    lines = download.content.decode().splitlines()
    assert lines[0].startswith("nip,nama,") and len(lines) == 2 and employee.nip in lines[1]
