"""`manage.py import_employees FILE --agency CODE`: the admin's employee import, for big files.

It lives in `cards` because a changed employee goes through cards.employees.update_employee,
which gives the card a new revision and records who changed what (`--user`).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from accounts.hr.importing.files import ImportFileError, read_dataset
from accounts.models import Agency, Employee
from cards.employees import import_employees
from cards.tasks import prerender_later


class Command(BaseCommand):
    help = (
        "Import employees of one agency from a CSV or XLSX file (columns as in "
        "docs/import/templat-pegawai.csv). Nothing is written while any row is bad, unless "
        "--skip-bad-rows is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .csv or .xlsx file")
        parser.add_argument("--agency", required=True, help="agency code, e.g. BKN")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--skip-bad-rows", action="store_true",
                            help="write the good rows even when some rows are bad")  # fmt: skip
        parser.add_argument("--user", metavar="NIP",
                            help="the officer recorded as author in the audit trail")  # fmt: skip

    def handle(self, file, agency, dry_run, skip_bad_rows, user, **options):
        agency_obj = Agency.objects.filter(code=agency).first()
        if agency_obj is None:
            raise CommandError(f"unknown agency code {agency!r}")
        author = Employee.objects.filter(nip=user).first() if user else None
        if user and author is None:
            raise CommandError(f"no employee with NIP {user}")
        try:
            with open(file, "rb") as f:
                dataset = read_dataset(f.read(), file)
        except (OSError, ImportFileError) as exc:
            raise CommandError(str(exc)) from exc

        started = time.monotonic()
        progress = ProgressBar(len(dataset), self.stderr)
        plan, report = import_employees(
            dataset, agency_obj, dry_run=dry_run, skip_bad_rows=skip_bad_rows,
            allow_staff=True, actor=author, file_name=file, progress=progress.update,
        )  # fmt: skip
        progress.finish()
        seconds = time.monotonic() - started
        self._report(report, len(dataset), seconds, dry_run)
        if report.written:  # their cards are drawn by the task queue's workers
            prerender_later([e.pk for e in plan.added] + [c.employee.pk for c in plan.changed])
        if not report.written and not dry_run:
            raise CommandError("nothing was written: fix the rows above or use --skip-bad-rows")

    def _report(self, report, rows, seconds, dry_run):
        write = self.stdout.write
        for message in report.file_errors:
            write(self.style.ERROR(message))
        for bad in report.bad_rows:
            write(self.style.ERROR(f"row {bad.line} ({bad.nip or '-'} {bad.name}):"))
            for column, message in bad.problems:
                write(f"    {column}: {message}")
        if dry_run:
            outcome = "Dry run: nothing written."
        else:
            outcome = "Written." if report.written else "Nothing written."
        write(
            f"{rows} rows in {seconds:.2f} s ({rows / max(seconds, 1e-9):,.0f} rows/s): "
            f"{report.new} new, {report.changed} changed, {report.unchanged} unchanged, "
            f"{len(report.bad_rows)} bad rows. {outcome}"
        )


class ProgressBar:
    """A one-line bar on stderr, redrawn at most every 1% of the rows."""

    def __init__(self, total: int, stream, width: int = 40):
        self.total, self.stream, self.width = max(total, 1), stream, width
        self.step = max(1, self.total // 100)

    def update(self, done: int):
        if done % self.step == 0 or done == self.total:
            filled = self.width * done // self.total
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r[{bar}] {done}/{self.total}", ending="")
            self.stream.flush()

    def finish(self):
        self.stream.write("")
