"""The two-step import in the admin as an HR officer uses it: dry run, then confirm."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.import_resource import COLUMNS
from accounts.models import Employee
from tests.factories import EmployeeFactory
from tests.hr.samples import BAD_LINES, DOCS, GOOD_ROWS, OTHER_AGENCY_NIP

pytestmark = pytest.mark.django_db

IMPORT = "/admin/accounts/employee/import/"


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
    folder = settings.MEDIA_ROOT / "django-import-export"
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
