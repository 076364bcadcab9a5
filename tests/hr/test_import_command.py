import io

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import CommandError, call_command

from accounts.hr.importing.cells import COLUMNS
from accounts.models import Employee
from cards.models import CardEvent
from cards.services import card_for
from tests.factories import EmployeeFactory
from tests.hr import samples
from tests.hr.samples import BAD_LINES, DOCS, GOOD_ROWS, OTHER_AGENCY_NIP

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_like(agency, units, other_agency, other_unit):
    EmployeeFactory(nip=OTHER_AGENCY_NIP, agency=other_agency, work_unit=other_unit,
                    birth_date="1992-03-14", gender="P", asn_type="PPPK")  # fmt: skip
    return agency


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_employees", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_lists_every_bad_row_and_writes_nothing(demo_like):
    before = Employee.objects.count()
    out, err = _run(str(DOCS / "contoh-salah.csv"), "--agency", "BKN", "--dry-run")
    for line in BAD_LINES:
        assert f"row {line} (" in out
    assert "3 new" in out and "10 bad rows. Dry run: nothing written." in out
    assert "13/13" in err  # the progress bar goes to stderr
    assert Employee.objects.count() == before


def test_a_file_with_bad_rows_is_refused_unless_they_are_skipped(demo_like, hr_officer):
    with pytest.raises(CommandError, match="nothing was written"):
        _run(str(DOCS / "contoh-salah.xlsx"), "--agency", "BKN")
    assert not Employee.objects.filter(nip="199304172021021005").exists()
    out, _ = _run(str(DOCS / "contoh-salah.xlsx"), "--agency", "BKN", "--skip-bad-rows",
                  "--user", hr_officer.nip)  # fmt: skip
    assert "3 new" in out and "Written." in out
    assert LogEntry.objects.filter(user=hr_officer).count() == 3


def test_the_good_sample_imports(demo_like):
    out, _ = _run(str(DOCS / "contoh-benar.xlsx"), "--agency", "BKN")
    assert f"{len(GOOD_ROWS)} new" in out
    assert Employee.objects.filter(agency=demo_like).count() == len(GOOD_ROWS)


def test_unknown_agency_or_file_is_a_clear_error(demo_like, tmp_path):
    with pytest.raises(CommandError, match="unknown agency"):
        _run(str(DOCS / "contoh-benar.csv"), "--agency", "TIDAK-ADA")
    with pytest.raises(CommandError):
        _run(str(tmp_path / "tidak-ada.csv"), "--agency", "BKN")


def test_the_shipped_sample_files_match_their_definition(tmp_path):
    samples.write_all(tmp_path)
    for name in ("templat-pegawai.csv", "contoh-benar.csv", "contoh-salah.csv"):
        assert (DOCS / name).read_text() == (tmp_path / name).read_text()
    assert (DOCS / "templat-pegawai.csv").read_text().strip() == ",".join(COLUMNS)


def test_a_row_changed_by_the_command_records_a_card_event_naming_the_user(
    demo_like, hr_officer, tmp_path
):
    _run(str(DOCS / "contoh-benar.csv"), "--agency", "BKN")
    card = card_for(Employee.objects.get(nip=GOOD_ROWS[0]["nip"]))
    changed = tmp_path / "naik-golongan.csv"
    changed.write_text(samples.csv_text([{**GOOD_ROWS[0], "golongan": "III/b"}]))
    out, _ = _run(str(changed), "--agency", "BKN", "--user", hr_officer.nip)
    assert "1 changed" in out and "Written." in out
    card.refresh_from_db()
    event = card.events.get(kind=CardEvent.Kind.DATA_CHANGED)
    assert card.revision == 2 and event.actor == hr_officer
    assert event.detail["values"]["rank"] == ["III/a", "III/b"]
    entry = LogEntry.objects.get(user=hr_officer, action_flag=CHANGE)
    assert entry.change_message.endswith(": golongan “III/a” → “III/b”.")
