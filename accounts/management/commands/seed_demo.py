import json
import time

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import seed

DEFAULT_PASSWORD = "KartuASN#2026"


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo agencies, units and employees."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="password of every demo account"
        )
        parser.add_argument("--employees", type=int, default=0, help="add N synthetic employees")
        parser.add_argument("--json", action="store_true", help="print the accounts as JSON")

    def handle(self, *args, password, employees, json: bool, **options):
        if employees < 0:
            raise CommandError("--employees must be 0 or more")
        started = time.monotonic()
        accounts = seed(password, extra_employees=employees)
        if json:
            self.stdout.write(_json_dump(accounts, password))
            return
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {password})"))
        self.stdout.write(f"{'NIP':<19} {'role':<26} {'type':<5} {'status':<8} agency")
        for a in accounts:
            self.stdout.write(
                f"{a['nip']:<19} {a['role']:<26} {a['asn_type']:<5} {a['status']:<8} {a['agency']}"
            )
        if employees:
            self.stdout.write(
                f"+ {employees} synthetic employees in {time.monotonic() - started:.1f} s"
            )


def _json_dump(accounts, password):
    return json.dumps([{**a, "password": password} for a in accounts], indent=2)
