"""`make bench`: the performance figures of DESIGN.md section 8, measured in one run.

Medians on this machine, with ratios against baselines measured in the same run so that the
noise of a shared machine cancels out. Every row with a target says "met" or how far it missed.

The production configuration by default (bench/setup.py): a scratch PostgreSQL database and a
Redis database when both answer on 127.0.0.1; then the database rows again on the embedded
default (SQLite, local memory) beside them. `--embedded` measures only the embedded default;
`--big` adds the 10k-vs-1M verification look-up (PostgreSQL only, takes minutes); `--only`
runs some sections: cards (rendering), photos, web (downloads and gunicorn under wrk), data
(import and look-up).

Each section is a module: bench/cards.py, bench/photos.py, bench/web.py, bench/data.py.
"""

import argparse
import json
import os
import subprocess
import sys

from bench import setup

setup.configure()

from bench import cards, data, photos, web  # noqa: E402
from bench.table import ROWS, print_table, row  # noqa: E402

SECTIONS = ("cards", "photos", "web", "data")
DATABASE_SECTIONS = ("web", "data")  # measured again on the embedded default


def main():
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=8, help="length of each load test")
    parser.add_argument("--big", action="store_true", help="10k vs 1M look-up (PostgreSQL)")
    parser.add_argument("--embedded", action="store_true", help="SQLite and local memory only")
    parser.add_argument(
        "--no-embedded", action="store_true", help="skip the embedded default's database rows"
    )
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"sections to run, of {','.join(SECTIONS)}"
    )
    parser.add_argument("--db-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if unknown := only - set(SECTIONS):
        parser.error(f"unknown section: {', '.join(sorted(unknown))}")
    if args.db_only:
        only &= set(DATABASE_SECTIONS)
    setup.migrate_and_seed()
    if "cards" in only:
        cards.bench_signing(args.repeat)
        cards.bench_rendering(args.repeat)
    if "photos" in only:
        photos.bench_pipeline(args.repeat)
        photos.bench_memory()
    if "web" in only:
        session = web.bench_downloads(args.repeat)
        web.bench_under_load(session, args.seconds)
        # Last: it moves the demo card's renders into a bucket the servers above do not use.
        web.bench_signed_downloads(args.repeat, web.RATES.get("download in-process"))
    if "data" in only:
        data.bench_import(args.import_rows)
        if args.big:
            data.bench_lookup_scale()
    if args.db_only:
        print(json.dumps(ROWS))
        return
    database_sections = only & set(DATABASE_SECTIONS)
    if setup.SETUP != "SQLite" and not args.no_embedded and database_sections:
        # The embedded default beside it: the rows that depend on the database and cache.
        embedded = subprocess.run(
            [sys.executable, "-m", "bench", "--embedded", "--db-only", "--repeat",
             str(args.repeat), "--seconds", str(args.seconds), "--import-rows", "20000",
             "--only", ",".join(sorted(database_sections))],
            cwd=setup.ROOT, capture_output=True, text=True,
            env={k: v for k, v in os.environ.items() if k not in ("DATA_DIR", "DATABASE_URL",
                 "REDIS_URL")},
        )  # fmt: skip
        if embedded.returncode:
            row("embedded default", "failed: " + embedded.stderr.strip().splitlines()[-1])
        else:
            ROWS.extend(tuple(r) for r in json.loads(embedded.stdout.strip().splitlines()[-1]))
    print_table()


if __name__ == "__main__":
    main()
