"""The two-step import in the admin as an HR officer uses it: dry run, then confirm."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.hr.importing.cells import COLUMNS
from accounts.models import Employee
from cards.employees import import_employees
from cards.models import CardEvent
from cards.services import card_for
from tests.factories import EmployeeFactory
from tests.hr.rows import dataset
from tests.hr.samples import BAD_LINES, DOCS, GOOD_ROWS, OTHER_AGENCY_NIP, csv_text

pytestmark = pytest.mark.django_db

IMPORT = "/admin/accounts/employee/import/"
PROCESS = "/admin/accounts/employee/process_import/"
GONE = "Berkas impor sudah tidak tersedia. Unggah lagi."


@pytest.fixture
def officer(hr_client, units, other_agency, other_unit):
    EmployeeFactory(nip=OTHER_AGENCY_NIP, agency=other_agency, work_unit=other_unit,
                    birth_date="1992-03-14", gender="P", asn_type="PPPK")  # fmt: skip
    return hr_client


def _upload(client, name, **extra):
    upload = SimpleUploadedFile(name, (DOCS / name).read_bytes())
    # As a browser sends it: the format select left blank (guessed from the file name).
    return client.post(IMPORT, {"import_file": upload, "format": "", **extra})


def test_the_import_page_explains_the_columns_and_offers_the_template(officer):
    page = officer.get(IMPORT).content.decode()
    assert all(f"<code>{column}</code>" in page for column in COLUMNS)
    template = officer.get(f"{IMPORT}templat.xlsx")
    assert template.status_code == 200
    assert "templat-pegawai.xlsx" in template["Content-Disposition"]


def test_the_dry_run_of_the_bad_sample_lists_exactly_its_bad_rows_and_writes_nothing(officer):
    before = Employee.objects.count()
    page = _upload(officer, "contoh-salah.xlsx")
    report = page.context["report"]
    assert {bad.line for bad in report.bad_rows} == set(BAD_LINES)
    assert "confirm_form" not in page.context  # nothing can be saved from here
    html = page.content.decode()
    assert "Baris bermasalah" in html and "Kode unit “DISDIK” tidak ada di instansi ini." in html
    assert Employee.objects.count() == before


def test_skipping_bad_rows_must_be_chosen_and_then_saves_the_good_rows(officer, hr_officer):
    page = _upload(officer, "contoh-salah.csv", skip_bad_rows="on")
    confirm = page.context["confirm_form"]
    assert confirm.initial["skip_bad_rows"] is True
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    response = officer.post(f"{IMPORT[:-7]}process_import/", data)
    assert response.status_code == 302
    assert Employee.objects.filter(nip="199304172021021005", agency=hr_officer.agency).exists()
    assert not Employee.objects.filter(nip="19910512201903100").exists()


def test_the_good_sample_imports_after_confirming_and_each_employee_gets_a_log_entry(
    officer, hr_officer
):
    page = _upload(officer, "contoh-benar.xlsx")
    assert page.context["report"].new == len(GOOD_ROWS)
    assert not Employee.objects.filter(nip=GOOD_ROWS[0]["nip"]).exists()  # not yet
    confirm = page.context["confirm_form"]
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    response = officer.post(f"{IMPORT[:-7]}process_import/", data, follow=True)
    assert "Impor selesai: 8 pegawai ditambahkan" in response.content.decode()
    imported = Employee.objects.filter(nip__in=[r["nip"] for r in GOOD_ROWS])
    assert imported.count() == len(GOOD_ROWS)
    entries = LogEntry.objects.filter(action_flag=ADDITION, user=hr_officer)
    assert entries.count() == len(GOOD_ROWS)
    assert "contoh-benar.xlsx" in entries.first().change_message


def test_a_confirm_that_meets_new_bad_rows_saves_nothing_and_says_so(officer):
    page = _upload(officer, "contoh-benar.csv")
    confirm = page.context["confirm_form"]
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    EmployeeFactory(nip=GOOD_ROWS[0]["nip"], birth_date="1991-05-12",
                    agency=EmployeeFactory().agency)  # registered elsewhere meanwhile  # fmt: skip
    response = officer.post(f"{IMPORT[:-7]}process_import/", data, follow=True)
    assert "Impor dibatalkan" in response.content.decode()
    assert not Employee.objects.filter(nip=GOOD_ROWS[1]["nip"]).exists()


def test_an_upload_that_cannot_be_saved_is_not_kept(officer, settings):
    _upload(officer, "contoh-salah.csv")
    folder = settings.MEDIA_ROOT / "employee-imports"
    assert not folder.exists() or not any(folder.iterdir())


def test_a_superuser_chooses_the_agency_to_import_into(client, superuser, other_agency):
    client.force_login(superuser)
    upload = SimpleUploadedFile("contoh-benar.csv", (DOCS / "contoh-benar.csv").read_bytes())
    page = client.post(IMPORT, {"import_file": upload, "format": ""})
    assert "agency" in page.context["form"].errors
    upload.seek(0)
    page = client.post(IMPORT, {"import_file": upload, "format": "", "agency": other_agency.pk})
    # Pemprov Jabar has none of the sample's unit codes: every row says so.
    assert {p[0] for bad in page.context["report"].bad_rows for p in bad.problems} == {"kode_unit"}


def _upload_rows(client, rows, name="perubahan.csv"):
    return client.post(IMPORT, {"import_file": SimpleUploadedFile(name, csv_text(rows).encode())})


def _confirm_data(page) -> dict:
    confirm = page.context["confirm_form"]
    return {name: confirm.initial.get(name, "") for name in confirm.fields}


def _stored(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "employee-imports"
    return [p.name for p in folder.iterdir()] if folder.exists() else []


def test_a_row_changed_by_the_import_records_a_card_event_naming_the_officer(
    officer, hr_officer, agency
):
    import_employees(dataset(GOOD_ROWS), agency, dry_run=False)
    card = card_for(Employee.objects.get(nip=GOOD_ROWS[0]["nip"]))
    page = _upload_rows(officer, [{**GOOD_ROWS[0], "jabatan": "Pranata Komputer Ahli Muda"}])
    assert page.context["report"].changed == 1
    assert officer.post(PROCESS, _confirm_data(page)).status_code == 302
    card.refresh_from_db()
    event = card.events.get(kind=CardEvent.Kind.DATA_CHANGED)
    assert card.revision == 2 and event.actor == hr_officer
    assert event.detail["values"]["position"] == [
        "Pranata Komputer Ahli Pertama",
        "Pranata Komputer Ahli Muda",
    ]
    entry = LogEntry.objects.get(action_flag=CHANGE, user=hr_officer)
    assert entry.change_message == (
        "Diubah lewat impor berkas perubahan.csv: jabatan “Pranata Komputer Ahli Pertama” → "
        "“Pranata Komputer Ahli Muda”."
    )


def test_the_upload_waits_under_an_unguessable_name_and_is_gone_after_confirming(
    officer, hr_officer, settings
):
    page = _upload(officer, "contoh-benar.csv")
    data = _confirm_data(page)
    (stored,) = _stored(settings)
    assert stored.startswith(f"{hr_officer.pk}-") and "contoh" not in stored
    assert len(data["import_file_name"]) > 40
    officer.post(PROCESS, data)
    assert _stored(settings) == []


def test_confirming_twice_or_a_made_up_name_says_the_file_is_gone(officer):
    data = _confirm_data(_upload(officer, "contoh-benar.csv"))
    assert officer.post(PROCESS, data).status_code == 302
    again = officer.post(PROCESS, data, follow=True)
    assert GONE in again.content.decode()
    made_up = {**data, "import_file_name": "A" * 43 + ".csv"}
    assert GONE in officer.post(PROCESS, made_up, follow=True).content.decode()
    assert Employee.objects.filter(nip=GOOD_ROWS[0]["nip"]).count() == 1


def test_another_officer_cannot_confirm_an_upload_that_is_not_theirs(officer, agency, hr_group):
    data = _confirm_data(_upload(officer, "contoh-benar.csv"))
    colleague = EmployeeFactory(agency=agency, is_staff=True)
    colleague.groups.add(hr_group)
    other = type(officer)()
    other.force_login(colleague)
    assert GONE in other.post(PROCESS, data, follow=True).content.decode()
    assert not Employee.objects.filter(nip=GOOD_ROWS[0]["nip"]).exists()
    officer.post(PROCESS, data)  # the officer who uploaded it still can
    assert Employee.objects.filter(nip=GOOD_ROWS[0]["nip"]).exists()


def test_cancelling_drops_the_upload(officer, settings):
    data = _confirm_data(_upload(officer, "contoh-benar.csv"))
    assert officer.post(PROCESS, {**data, "cancel": "Batal"}).status_code == 302
    assert _stored(settings) == []
    assert GONE in officer.post(PROCESS, data, follow=True).content.decode()
    assert not Employee.objects.filter(nip=GOOD_ROWS[0]["nip"]).exists()


def test_a_new_dry_run_replaces_the_officer_s_earlier_upload(officer, settings):
    first = _confirm_data(_upload(officer, "contoh-benar.csv"))
    _upload(officer, "contoh-benar.xlsx")
    assert len(_stored(settings)) == 1
    assert GONE in officer.post(PROCESS, first, follow=True).content.decode()


def test_posting_nothing_is_a_form_error_not_a_server_error(officer):
    page = officer.post(IMPORT, {})
    assert page.status_code == 200 and "import_file" in page.context["form"].errors
    assert officer.post(PROCESS, {}).status_code == 302
    assert officer.get(PROCESS).status_code == 302
