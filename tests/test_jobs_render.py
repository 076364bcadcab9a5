"""Cards drawn ahead: after an import (the admin's and the command's) and by `render_cards`."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.hr.roles import ensure_hr_group
from accounts.models import Employee
from cards import rendering, services
from cards.employees import import_employees
from cards.models import Card, RenderedFile
from cards.outputs import DOWNLOADS, render_download
from cards.tasks import prerender_cards
from tests.factories import EmployeeFactory, WorkUnitFactory
from tests.hr.rows import dataset
from tests.hr.samples import GOOD_ROWS, csv_text

pytestmark = pytest.mark.django_db
FILES_PER_LAYOUT = len(DOWNLOADS)  # front and back as PNG and PDF, and the print sheet
TWO_ROWS = [row for row in GOOD_ROWS if row["jenis_asn"] == "PNS"][:2]


@pytest.fixture
def units(agency):
    return {code: WorkUnitFactory(agency=agency, code=code, name=f"Unit {code}")
            for code in {row["kode_unit"] for row in GOOD_ROWS}}  # fmt: skip


def rendered(card) -> int:
    return RenderedFile.objects.filter(card=card).count()


def test_a_prerendered_card_downloads_without_rendering(card_with_photo, employee, monkeypatch):
    assert prerender_cards.delay([employee.pk]).get() == 1
    assert rendered(card_with_photo) == FILES_PER_LAYOUT

    # From here on, a download that needed WeasyPrint would fail the test.
    monkeypatch.setattr(rendering, "render_sides", pytest.fail)
    monkeypatch.setattr(rendering, "render_print_sheet", pytest.fail)
    card = Card.objects.get(pk=card_with_photo.pk)
    for name in DOWNLOADS:
        assert render_download(card, name).content


def test_a_due_employee_without_a_card_gets_one_and_it_is_drawn(agency):
    newcomer = EmployeeFactory(agency=agency)

    assert prerender_cards([newcomer.pk]) == 1

    assert rendered(Card.objects.get(employee=newcomer)) == FILES_PER_LAYOUT


def test_a_revoked_card_or_a_retired_holder_is_not_drawn(card, hr_officer, agency):
    services.revoke_card(card, "Mutasi", hr_officer)
    retired = services.card_for(EmployeeFactory(agency=agency))
    Employee.objects.filter(pk=retired.employee_id).update(status=Employee.Status.RETIRED)

    assert prerender_cards([card.employee_id, retired.employee_id]) == 0
    assert RenderedFile.objects.count() == 0


def test_drawing_again_stores_nothing_new(card_with_photo, employee):
    prerender_cards([employee.pk])
    first = set(RenderedFile.objects.values_list("pk", flat=True))

    prerender_cards([employee.pk])

    assert set(RenderedFile.objects.values_list("pk", flat=True)) == first


def test_the_import_command_draws_the_cards_of_new_and_changed_employees(
    agency, units, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "pegawai.csv"
    path.write_text(csv_text(TWO_ROWS))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_employees", str(path), "--agency", agency.code,
                     stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip

    cards = Card.objects.filter(employee__nip__in=[row["nip"] for row in TWO_ROWS])
    assert [rendered(card) for card in cards] == [FILES_PER_LAYOUT] * 2


def test_an_admin_import_draws_the_cards_it_changed(
    client, agency, units, django_capture_on_commit_callbacks
):
    officer = EmployeeFactory(agency=agency, is_staff=True)
    officer.groups.add(ensure_hr_group())
    client.force_login(officer)
    import_employees(dataset(TWO_ROWS), agency, dry_run=False)
    card = services.card_for(Employee.objects.get(nip=TWO_ROWS[0]["nip"]))
    upload = SimpleUploadedFile(
        "ubah.csv", csv_text([{**TWO_ROWS[0], "jabatan": "Analis"}]).encode()
    )
    page = client.post("/admin/accounts/employee/import/", {"import_file": upload})
    confirm = page.context["confirm_form"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/accounts/employee/process_import/",
                               {n: confirm.initial.get(n, "") for n in confirm.fields})  # fmt: skip

    assert response.status_code == 302
    assert rendered(card) == FILES_PER_LAYOUT
    assert RenderedFile.objects.exclude(card=card).count() == 0  # unchanged rows are not drawn


def test_render_cards_draws_one_agency_and_reports_cards_per_second(agency, other_agency):
    ours = [services.card_for(EmployeeFactory(agency=agency)) for _ in range(2)]
    theirs = services.card_for(EmployeeFactory(agency=other_agency))
    out, err = io.StringIO(), io.StringIO()

    call_command("render_cards", "--agency", agency.code, "--processes", "1", stdout=out,
                 stderr=err)  # fmt: skip

    assert [rendered(card) for card in ours] == [FILES_PER_LAYOUT] * 2
    assert rendered(theirs) == 0
    assert "2/2" in err.getvalue() and "cards/s" in out.getvalue()
    assert "2 drawn" in out.getvalue()


def test_render_cards_refuses_an_unknown_agency(db):
    with pytest.raises(CommandError, match="unknown agency"):
        call_command("render_cards", "--agency", "TIDAK-ADA", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_render_cards_shares_the_cards_out_over_processes(agency):
    if connection.vendor == "sqlite":
        pytest.skip("needs DATABASE_URL (PostgreSQL): forked processes cannot share SQLite's "
                    "in-memory test database")  # fmt: skip
    cards = [services.card_for(EmployeeFactory(agency=agency)) for _ in range(3)]
    out = io.StringIO()

    call_command("render_cards", "--processes", "2", stdout=out, stderr=io.StringIO())

    assert [rendered(card) for card in cards] == [FILES_PER_LAYOUT] * 3
    assert "3 cards" in out.getvalue() and "2 processes" in out.getvalue()
