"""Real server processes (gunicorn) sharing the test database and Redis, and a tiny client."""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection


def require_shared_services():
    if not os.environ.get("REDIS_URL") or connection.vendor == "sqlite":
        pytest.skip("needs DATABASE_URL (PostgreSQL) and REDIS_URL: state shared between processes")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@contextmanager
def gunicorn_servers(count: int, tmp_path, workers: int = 1, extra_env: dict | None = None):
    """Start `count` independent gunicorn servers; yield their base URLs."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mysapk.settings",
        "DEBUG": "1",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _database_url(),
        "DATA_DIR": str(tmp_path),
        **(extra_env or {}),
    }
    procs, urls = [], []
    try:
        for _ in range(count):
            port = _free_port()
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "-w",
                        str(workers),
                        "-b",
                        f"127.0.0.1:{port}",
                        "mysapk.wsgi",
                    ],
                    env=env,
                    cwd=settings.BASE_DIR,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_until_up(url)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)


def _wait_until_up(url: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz/", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start")


class BrowserLikeClient:
    """Keeps cookies and fills in the CSRF token, as a browser would."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, url: str):
        return self._open(urllib.request.Request(url))

    def post_form(self, url: str, data: dict):
        return self.submit_form(url, data, self.open_form(url))

    def open_form(self, url: str) -> str:
        """Open the form's page, as a browser does before submitting; its CSRF token."""
        status, page = self.get(url)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def submit_form(self, url: str, data: dict, token: str):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        return self._open(urllib.request.Request(url, body, headers={"Referer": url}))

    def post_file(self, url: str, field: str, filename: str, content: bytes, content_type: str):
        """Submit the form at `url` with one file in `field`, as multipart/form-data."""
        boundary = secrets.token_hex(16)
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{{}}"{{}}\r\n'
        body = b"".join(
            [
                head.format("csrfmiddlewaretoken", "").encode() + b"\r\n",
                self.open_form(url).encode() + b"\r\n",
                head.format(field, f'; filename="{filename}"').encode(),
                f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n",
                f"--{boundary}--\r\n".encode(),
            ]
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url}
        return self._open(urllib.request.Request(url, body, headers=headers))

    def download(self, url: str) -> tuple[int, bytes]:
        """The bytes of a file the server sends (a photo, a rendered card), or that it sends
        the browser to fetch from object storage (a signed link)."""
        try:
            with self.opener.open(urllib.request.Request(url), timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            if error.code == 302 and error.headers.get("Location", "").startswith("http"):
                with urllib.request.urlopen(error.headers["Location"], timeout=30) as stored:
                    return stored.status, stored.read()
            return error.code, error.read()

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(*requests):
    """Run the callables in threads released together by one barrier; their results in order."""
    start, results = threading.Barrier(len(requests)), [None] * len(requests)

    def run(index, request):
        start.wait()
        results[index] = request()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
