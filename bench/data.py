"""The register at scale: bulk import rate, and the verification look-up at 10k vs 1M cards."""

import datetime
import statistics
import time

from bench.table import check, row


def bench_import(rows: int):
    import random

    import tablib

    from accounts.demo import _synthetic_employee
    from accounts.models import Agency, WorkUnit
    from cards.employees import import_employees

    agency = Agency.objects.get(code="BKN")
    units = list(WorkUnit.objects.filter(agency=agency))
    rng, used, today = random.Random(7), set(_existing_nips()), datetime.date.today()
    dataset = tablib.Dataset(headers=[
        "nip", "nama", "gelar_belakang", "tanggal_lahir", "jenis_kelamin", "jenis_asn", "status",
        "kode_unit", "jabatan", "golongan", "tmt", "akhir_kontrak",
    ])  # fmt: skip
    for _ in range(rows):
        e = _synthetic_employee(rng, units, today, used)
        dataset.append([
            e.nip, e.name, e.back_title, e.birth_date.isoformat(), e.gender, e.asn_type, "aktif",
            e.work_unit.code, e.position, e.rank.removeprefix("PPPK-"), e.start_date.isoformat(),
            e.contract_end_date.isoformat() if e.contract_end_date else "",
        ])  # fmt: skip
    start = time.perf_counter()
    _plan, report = import_employees(dataset, agency, dry_run=False)
    seconds = time.perf_counter() - start
    check(
        f"bulk import, {rows:,} new employees",
        f"{rows / seconds:,.0f} rows/s ({seconds:.1f} s), {report.new:,} new, "
        f"{len(report.bad_rows)} bad",
        "≥ 2,000 rows/s",
        rows / seconds,
        2000,
        at_least=True,
        unit=" rows/s",
        db=True,
        extra=report.ok and report.new == rows,
    )


def _existing_nips():
    from accounts.models import Employee

    return Employee.objects.values_list("nip", flat=True)


def bench_lookup_scale(sizes=(10_000, 1_000_000), probes: int = 2000):
    """Verification look-up latency as the register grows (PostgreSQL: `--big`)."""
    import random

    from django.db import connection

    from accounts.models import Employee
    from cards.models import Card, new_token
    from verification.tokens import look_up

    if connection.vendor != "postgresql":
        row("look-up at 10k vs 1M employees", "skipped: needs DATABASE_URL (PostgreSQL)")
        return
    agency_id = Employee.objects.exclude(agency=None).values_list("agency_id", flat=True)[0]
    made, latency = Card.objects.count(), {}
    for size in sizes:
        while made < size:
            batch = min(20_000, size - made)
            people = Employee.objects.bulk_create(
                Employee(nip=f"9{made + i:017d}", name=f"Pegawai {made + i}", password="!",
                         agency_id=agency_id, start_date=datetime.date(2020, 1, 1))
                for i in range(batch)
            )  # fmt: skip
            Card.objects.bulk_create(
                Card(employee=p, number=f"BENCH-{made + i}", token=new_token())
                for i, p in enumerate(people)
            )
            made += batch
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cards_card; ANALYZE accounts_employee")
        tokens = random.sample(list(Card.objects.values_list("token", flat=True)[:50_000]), 500)
        times = []
        for n in range(probes):
            start = time.perf_counter()
            look_up(tokens[n % len(tokens)])
            times.append(time.perf_counter() - start)
        latency[size] = statistics.median(times) * 1000
        row(f"verification look-up, {size:,} cards", f"{latency[size]:.2f} ms", db=True)
    ratio = latency[sizes[-1]] / latency[sizes[0]]
    check("look-up latency, 1M vs 10k", f"{ratio:.2f}×", "≤ 1.2×", ratio, 1.2, unit="×", db=True)
