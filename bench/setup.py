"""Which configuration a benchmark measures, and the Django set-up for it.

The production configuration by default: a scratch PostgreSQL database (BENCH_DATABASE,
default `benchrun`, dropped and created) and a Redis database (BENCH_REDIS_URL, default
redis://127.0.0.1:6379/4, flushed) when both answer on 127.0.0.1, or the servers named by
DATABASE_URL and REDIS_URL. `--embedded` on the command line measures the embedded default
(SQLite, local memory). The test suite's own database (`test_…`) and Redis database 15 are
never touched.
"""

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "benchrun")
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
DEMO_NIP = "198609262015051001"  # the demo employee with a card (accounts/demo.py)
DEMO_PASSWORD = "Bench-Password-2026"
SETUP = ""  # "PG+Redis", "PG" or "SQLite" once configure() has run


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _choose_setup() -> str:
    if "--embedded" in sys.argv:
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("REDIS_URL", None)
        return "SQLite"
    if not os.environ.get("DATABASE_URL") and reachable(5432) and reachable(6379):
        if BENCH_DATABASE.startswith("test_"):
            raise SystemExit("BENCH_DATABASE must not be a test database")
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", "--if-exists", *pg, BENCH_DATABASE], check=True)
        subprocess.run(["createdb", *pg, BENCH_DATABASE], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DATABASE}"
        os.environ.setdefault("REDIS_URL", BENCH_REDIS)
    if not os.environ.get("DATABASE_URL"):
        return "SQLite"
    if os.environ.get("REDIS_URL"):
        import redis

        if os.environ["REDIS_URL"].rstrip("/").endswith("/15"):
            raise SystemExit("Redis database 15 belongs to the test suite")
        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
        return "PG+Redis"
    return "PG"


def _qr_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return (
        ed25519.Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def configure() -> str:
    """Choose the setup, set the environment of a production server, start Django."""
    global SETUP
    if SETUP:
        return SETUP
    SETUP = _choose_setup()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="mysapk-bench-"))
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("QR_SIGNING_KEY", _qr_key())
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    os.environ.setdefault("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    os.environ.setdefault("CACHE_KEY_PREFIX", "bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return SETUP


def migrate_and_seed() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", password=DEMO_PASSWORD, json=True, stdout=open(os.devnull, "w"))
