"""`make load`: a realistic mix for LOAD_SECONDS (default 60) through the real servers.

1. A scratch PostgreSQL database (LOAD_DATABASE, default `loadrun`, dropped and created) and a
   Redis database (LOAD_REDIS_URL, default redis://127.0.0.1:6379/4, flushed): migrated,
   seeded with LOAD_EMPLOYEES synthetic employees (default 3,000), cards issued for some of
   them and drawn ahead for the card holders who download.
2. gunicorn with the production settings (DEBUG off, LOAD_WORKERS sync workers, default two
   per core as the README's deployment says) and one Celery worker, as deployed; the server
   trusts one proxy, as behind the load balancer.
3. locust, headless (bench/locustfile.py): logins, card page, cached downloads, photo uploads,
   verification with its captcha, QR-login polling; LOAD_USERS simulated browsers (default 40).
4. A table per kind of request (req/s, p50/p95/p99, errors) and the checks: zero errors,
   p99 < 1 s, and exactly one scan record per successful verification.

The per-address limits are raised through the environment for the run (THROTTLE_ENV below):
every simulated browser has its own address, but a load tool must not be refused by the
verification, login or QR-login budgets. The photo budget per employee stays as deployed; each
upload is by another employee.
"""

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "40"))
# Two sync workers per core, as deployed: with one per core a slow request (an upload, an
# Argon2 login) holds its core's only worker and every quick request queues behind it.
WORKERS = int(os.environ.get("LOAD_WORKERS", "0")) or 2 * (os.cpu_count() or 1)
EMPLOYEES = int(os.environ.get("LOAD_EMPLOYEES", "3000"))
DATABASE = os.environ.get("LOAD_DATABASE", "loadrun")
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/4")
PORT = int(os.environ.get("LOAD_PORT", "0")) or free_port()
PASSWORD = "Beban-Uji#2026"
CARD_HOLDERS = 60  # employees whose card is drawn before the run (the cached downloads)
CARDS = 1000  # cards issued before the run (the tokens the public verifies)

THROTTLE_ENV = {
    "VERIFICATION_VIEW_LIMIT": "1000000000",
    "VERIFICATION_SUBMIT_LIMIT": "1000000000",
    "LOGIN_FAILURE_LIMIT_PER_ADDRESS": "1000000000",
    "QR_LOGIN_CREATE_LIMIT_PER_ADDRESS": "1000000000",
    "QR_LOGIN_POLL_LIMIT_PER_ADDRESS": "1000000000",
}


def environment(data_dir: str) -> dict:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mysapk.settings",
        "DEBUG": "0",
        "SECRET_KEY": "load-" + "k" * 60,
        "QR_SIGNING_KEY": key.decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_BASE_URL": f"https://127.0.0.1:{PORT}",
        "TRUSTED_PROXIES": "1",
        "DATA_DIR": data_dir,
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": "load",
        "LOG_LEVEL": "WARNING",
        **THROTTLE_ENV,
    }


def prepare(env: dict, data_dir: str) -> Path:
    """Database and Redis from scratch; returns the pools file for locust."""
    import redis

    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DATABASE],
                   check=True)  # fmt: skip
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    redis.Redis.from_url(REDIS).flushdb()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", password=PASSWORD, employees=EMPLOYEES, stdout=open(os.devnull, "w"))
    from accounts.models import Employee
    from cards import outputs, services
    from tests.portrait import jpeg_upload  # a real face: uploads without one are refused

    eligible = [
        e
        for e in Employee.objects.filter(is_staff=False).order_by("?")[:EMPLOYEES]
        if services.card_eligibility(e).eligible
    ]
    holders, fresh = eligible[:CARD_HOLDERS], eligible[CARD_HOLDERS:]
    cards = [services.card_for(e) for e in eligible[:CARDS]]
    for card in cards[:CARD_HOLDERS]:
        outputs.render_download(card, "depan.png")
        outputs.render_download(card, "belakang.png")
    photo = Path(data_dir) / "foto.jpg"
    photo.write_bytes(jpeg_upload(600, 800).read())
    pools = Path(data_dir) / "pools.json"
    pools.write_text(json.dumps({
        "password": PASSWORD,
        "photo": str(photo),
        "rendered": [e.nip for e in holders],
        "fresh": [e.nip for e in fresh],
        "tokens": [c.token for c in cards],
    }))  # fmt: skip
    print(f"prepared {Employee.objects.count():,} employees, {len(cards):,} cards, "
          f"{len(holders)} drawn, in {time.monotonic() - started:.0f} s")  # fmt: skip
    from django.db import connections

    connections.close_all()
    return pools


LOAD_AVERAGE = {"before": "?", "after": "?"}
CPU: dict[str, float] = {}  # CPU seconds used during the run: the servers, and locust


def cpu_seconds(process) -> float:
    """CPU time (user + system) of a process and all its children (gunicorn's workers)."""
    import psutil

    total = 0.0
    parent = psutil.Process(process.pid)
    for proc in [parent, *parent.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def children_cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    """The machine's 1-minute load average: the run shares its cores with everything else."""
    return f"{os.getloadavg()[0]:.1f}"


def wait_for(url: str, seconds: int = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer")


def run_locust(env: dict, pools: Path, out: Path) -> dict:
    result = out / "result.json"
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
         "--headless", "-u", str(USERS), "-r", str(max(1, USERS // 5)), "-t", f"{SECONDS}s",
         "--host", f"http://127.0.0.1:{PORT}", "--csv", str(out / "load"), "--only-summary",
         "--stop-timeout", "5", "--loglevel", "WARNING"],
        env={**env, "LOAD_POOLS": str(pools), "LOAD_RESULT": str(result),
             "LOAD_ORIGIN": f"https://127.0.0.1:{PORT}"},
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(out / "locust.log", "w"),
    )  # fmt: skip
    return json.loads(result.read_text()) if result.exists() else {}


def report(out: Path, counts: dict, server_log: Path) -> bool:
    with open(out / "load_stats.csv") as f:
        rows = list(csv.DictReader(f))
    failures = {}
    if (out / "load_failures.csv").exists():
        with open(out / "load_failures.csv") as f:
            for r in csv.DictReader(f):
                failures.setdefault(r["Name"], []).append(f"{r['Occurrences']}× {r['Error']}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    kinds = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"])
    head = ("request", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    table = [
        (r["Name"], r["Request Count"], f"{float(r['Requests/s']):.1f}", r["50%"], r["95%"],
         r["99%"], r["Failure Count"])
        for r in kinds + [total]
    ]  # fmt: skip
    print(
        f"\n`make load`: {USERS} browsers for {SECONDS} s, gunicorn {WORKERS} workers on "
        f"{os.cpu_count()} cores, 1 Celery worker, PostgreSQL + Redis; load average "
        f"{LOAD_AVERAGE['before']} before the run, {LOAD_AVERAGE['after']} at its end\n"
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in table:
        print("| " + " | ".join(str(c) for c in r) + " |")
    for name, errors in failures.items():
        print(f"  errors in {name}: {'; '.join(errors)}")
    if CPU:
        served = int(total["Request Count"]) or 1
        print(
            f"\nCPU used during the run: gunicorn {CPU['server']:.1f} s "
            f"({CPU['server'] * 1000 / served:.1f} ms per request, "
            f"{CPU['server'] / SECONDS:.2f} of a core), locust {CPU['locust']:.1f} s"
        )

    sys.path.insert(0, str(ROOT))
    from verification.models import VerificationEvent

    scans = VerificationEvent.objects.count()
    submitted = counts.get("verifications_ok", -1)
    errors, p99 = int(total["Failure Count"]), float(total["99%"])
    worst = max(float(r["99%"]) for r in kinds)
    checks = [
        ("errors", f"{errors}", "0", errors == 0),
        ("p99, all requests", f"{p99:.0f} ms", "< 1,000 ms", p99 < 1000),
        ("p99, slowest kind", f"{worst:.0f} ms", "< 1,000 ms", worst < 1000),
        ("scan records per successful verification", f"{scans:,} records for {submitted:,}",
         "exactly one each", scans == submitted),
    ]  # fmt: skip
    print()
    for what, measured, target, ok in checks:
        print(f"{what:<42} {measured:<28} target {target:<18} {'met' if ok else 'MISSED'}")
    log = server_log.read_text(errors="replace")
    if "Traceback" in log:
        print(f"\nserver errors (from {server_log}):\n{log[-6000:]}")
    return all(ok for *_, ok in checks)


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="mysapk-load-")
    out = Path(data_dir)
    env = environment(data_dir)
    pools = prepare(env, data_dir)
    server_log = out / "server.log"
    with open(server_log, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{PORT}",
             "mysapk.wsgi", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mysapk", "worker", "-c", "1",
             "--loglevel", "WARNING"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{PORT}/healthz/")
            LOAD_AVERAGE["before"] = load_average()
            server_cpu, locust_cpu = cpu_seconds(server), children_cpu_seconds()
            counts = run_locust(env, pools, out)
            CPU["server"] = cpu_seconds(server) - server_cpu
            CPU["locust"] = children_cpu_seconds() - locust_cpu
            LOAD_AVERAGE["after"] = load_average()
        finally:
            for process in (server, worker):
                process.terminate()
            for process in (server, worker):
                process.wait(timeout=30)
    ok = report(out, counts, server_log)
    print(f"\nfiles: {data_dir}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
