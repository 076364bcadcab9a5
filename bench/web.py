"""Requests through the web stack: repeat downloads in-process, then gunicorn under wrk.

In-process (Django's test client): the repeat download of a drawn card from local storage,
and from S3 storage (moto's server), where the portal answers with a signed link.

Under wrk (gunicorn, 2 workers, 8 connections, `--seconds` each), all in one run so that the
ratios hold on a busy machine:
- a bare Django "hello" (every middleware, no database) and the same hello logged in;
- the verification record view as the public reaches it: the POST of a solved captcha, which
  consumes the captcha, looks the token up, writes the scan record and renders the result
  (each request answers a captcha of its own, drawn beforehand with a known answer);
- the repeat download of the drawn front PNG.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import setup
from bench.table import check, row

DOWNLOAD = "/layanan/kartu-asn/unduh/depan.png"
CAPTCHA_ANSWER = "bench"
RATES: dict[str, float] = {}

# wrk posts one solved captcha per request, with a CSRF cookie and the same token in the form.
SOLVED_CAPTCHAS_LUA = """
local keys, n = {}, 0
function init(args)
  for line in io.lines(args[1]) do keys[#keys + 1] = line end
end
function request()
  n = n + 1
  local body = "csrfmiddlewaretoken=%(csrf)s&captcha_0=" .. keys[(n - 1) %% #keys + 1]
    .. "&captcha_1=%(answer)s"
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(csrf)s",
  }, body)
end
"""


def bench_downloads(repeat: int) -> str:
    """The repeat download in-process; returns the session cookie of the logged-in holder."""
    from unittest import mock

    from django.test import Client

    from accounts.models import Employee
    from cards import rendering

    client = Client()
    client.force_login(Employee.objects.get(nip=setup.DEMO_NIP))
    assert client.get(DOWNLOAD).status_code == 200  # first download renders
    # Every per-side download is laid out by render_document: a call is a WeasyPrint render.
    with mock.patch.object(rendering, "render_document", wraps=rendering.render_document) as spy:
        n = repeat * 20
        start = time.perf_counter()
        for _ in range(n):
            client.get(DOWNLOAD)
        rate = n / (time.perf_counter() - start)
    RATES["download in-process"] = rate
    check(
        "repeat download (cached PNG), in-process",
        f"{rate:,.0f} req/s, {spy.call_count} renders",
        "≥ 1,000 req/s, 0 renders",
        rate,
        1000,
        at_least=True,
        unit=" req/s",
        db=True,
        extra=spy.call_count == 0,
    )
    return client.cookies["sessionid"].value


def bench_signed_downloads(repeat: int, local_rate: float | None = None):
    """The repeat download with S3 storage (moto's server from the test extra): a signed link.

    Measured in-process like the local repeat download; the row also counts the file reads
    (none: the bytes go from the bucket to the browser) and checks the link opens the object.
    """
    try:
        import boto3
        import moto.server
    except ImportError:
        row("repeat download, S3 signed link", "skipped: needs moto[server] (the test extra)")
        return
    from unittest import mock

    from django.test import Client, override_settings

    from accounts.models import Employee

    server = moto.server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
    bucket = f"mysapk-bench-{secrets.token_hex(4)}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys).create_bucket(
        Bucket=bucket
    )
    from django.conf import settings

    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "access_key": keys["aws_access_key_id"],
            "secret_key": keys["aws_secret_access_key"],
        },
    }
    try:
        with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
            from django.core.cache import caches

            caches["renders"].clear()
            client = Client()
            client.force_login(Employee.objects.get(nip=setup.DEMO_NIP))
            first = client.get(DOWNLOAD)  # drawn and stored in the bucket
            with urllib.request.urlopen(first["Location"], timeout=10) as stored:
                opened = stored.read().startswith(b"\x89PNG")
            with mock.patch("storages.backends.s3.S3Storage._open") as reads:
                n = repeat * 20
                start = time.perf_counter()
                statuses = {client.get(DOWNLOAD).status_code for _ in range(n)}
                rate = n / (time.perf_counter() - start)
        versus = f", {rate / local_rate:.2f}× the local file" if local_rate else ""
        row(
            "repeat download, S3 storage: 302 to a 60-second signed link, in-process",
            f"{rate:,.0f} req/s{versus}, answers {sorted(statuses)}, {reads.call_count} file "
            f"reads, link opens the PNG: {'yes' if opened else 'NO'}",
            db=True,
        )
    finally:
        server.stop()


def solved_captchas(count: int, folder: Path) -> Path:
    """`count` unexpired captchas answered CAPTCHA_ANSWER; their keys, one a line, in a file."""
    import datetime

    from captcha.models import CaptchaStore
    from django.utils import timezone

    expires = timezone.now() + datetime.timedelta(hours=1)
    keys = [secrets.token_hex(20) for _ in range(count)]
    CaptchaStore.objects.bulk_create(
        (CaptchaStore(challenge="BENCH", response=CAPTCHA_ANSWER, hashkey=k, expiration=expires)
         for k in keys),
        batch_size=5000,
    )  # fmt: skip
    path = folder / "captchas.txt"
    path.write_text("\n".join(keys) + "\n")
    return path


def bench_under_load(session_cookie: str, seconds: int):
    from accounts.models import Employee
    from cards import services
    from verification.models import VerificationEvent

    if not Path("/usr/bin/wrk").exists():
        row("load tests", "skipped: install wrk (apt-get install wrk)")
        return
    card = services.card_for(Employee.objects.get(nip=setup.DEMO_NIP))
    folder = Path(tempfile.mkdtemp(prefix="mysapk-bench-wrk-"))
    keys = solved_captchas(max(20_000, seconds * 3_000), folder)
    csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret, sent as cookie and as token
    script = folder / "verify.lua"
    script.write_text(SOLVED_CAPTCHAS_LUA % {"csrf": csrf, "answer": CAPTCHA_ANSWER})
    port = free_port()  # never a fixed one: another server on it would be measured instead
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "mysapk.wsgi",
         "--log-level", "error"],
        cwd=setup.ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz/")
        base = f"http://127.0.0.1:{port}"
        cookie = f"Cookie: sessionid={session_cookie}"
        hello = wrk(base + "/bench/hello/", seconds)
        hello_in = wrk(base + "/bench/hello/", seconds, header=cookie)
        scans_before = VerificationEvent.objects.count()
        record = wrk(f"{base}/v/{card.token}/", seconds, script=(script, keys))
        scans = VerificationEvent.objects.count() - scans_before
        download = wrk(base + DOWNLOAD, seconds, header=cookie)
    finally:
        server.terminate()
        server.wait(timeout=20)
    row("bare Django hello, gunicorn 2 workers", f"{hello.rate:,.0f} req/s", db=True)
    row("the same hello, logged in (session + user read)", f"{hello_in.rate:,.0f} req/s", db=True)
    ratio = record.rate / hello.rate if hello.rate else 0
    check(
        "verification record view (captcha solved) under load",
        f"{record.rate:,.0f} req/s = {ratio:.2f}× hello, {record.errors} errors, "
        f"{record.requests:,} results, {scans:,} scan records",
        "≥ 0.30× hello, 0 errors",
        ratio,
        0.30,
        at_least=True,
        unit="×",
        db=True,
        extra=record.errors == 0 and record.requests > 0,
    )
    floor = download.rate / hello_in.rate if hello_in.rate else 0
    check(
        "repeat download (cached PNG), gunicorn",
        f"{download.rate:,.0f} req/s = {floor:.2f}× logged-in hello, {download.errors} errors",
        "≥ 0.9× logged-in hello, 0 errors",
        floor,
        0.9,
        at_least=True,
        unit="×",
        db=True,
        extra=download.errors == 0,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str):
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


class Wrk:
    def __init__(self, out: str):
        self.rate = float(
            next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec"))
        )
        found = re.search(r"(\d+) requests in", out)
        self.requests = int(found.group(1)) if found else 0
        self.errors = 0
        for line in out.splitlines():
            if "Non-2xx" in line or "Socket errors" in line:
                self.errors += sum(int(n) for n in line.replace(",", " ").split() if n.isdigit())


def wrk(url: str, seconds: int, header: str = "", script=None) -> Wrk:
    args = ["wrk", "-t1", "-c8", f"-d{seconds}s"] + (["-H", header] if header else [])
    if script:
        args += ["-s", str(script[0]), url, "--", str(script[1])]
    else:
        args.append(url)
    return Wrk(subprocess.run(args, capture_output=True, text=True).stdout)
