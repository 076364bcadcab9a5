"""Real Celery worker processes on the test database and Redis, started and killed by tests."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from tests.servers import _database_url

READY_SECONDS = 90


class Worker:
    def __init__(self, log: Path, env: dict):
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mysapk", "worker", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--loglevel=INFO"],
            env=env, cwd=settings.BASE_DIR, stdout=log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the pool child too
        )  # fmt: skip
        wait_for(lambda: "ready." in self.output(), READY_SECONDS, f"worker ready ({log})")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """As when its machine dies: no warm shutdown, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_environment(mail_dir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.jobs_settings",
        "DEBUG": "1",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _database_url(),
        "DATA_DIR": str(settings.DATA_DIR),  # the same media files and QR signing keys
        "JOBS_MAIL_DIR": str(mail_dir),
    }


@contextmanager
def workers(tmp_path: Path):
    """start() starts one more worker; all are stopped at the end."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(tmp_path / f"worker-{len(started)}.log", worker_environment(mail_dir))
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
