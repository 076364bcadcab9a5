"""The `make load` mix, run by locust against a real gunicorn (bench/load.py starts both).

The server sits where a TLS-terminating load balancer would put it: every simulated browser
sends X-Forwarded-Proto https and its own X-Forwarded-For address (the server runs with
TRUSTED_PROXIES=1), and an Origin header as a browser does for a form post. Production cookies
are Secure; the client keeps sending them over the plain connection to the server.

Pools (employees, card tokens) come from the JSON file named by LOAD_POOLS, written by
bench/load.py after seeding. Captcha answers are read from the database (captcha_captchastore),
the way the verification tests solve them. Successful verification submissions are counted
and written to LOAD_RESULT when locust stops, for the one-scan-per-verification check.
"""

import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy

import psycopg
from locust import HttpUser, between, events, task

POOLS = json.loads(open(os.environ["LOAD_POOLS"]).read())
PASSWORD = POOLS["password"]
PHOTO = open(POOLS["photo"], "rb").read()
ORIGIN = os.environ["LOAD_ORIGIN"]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CAPTCHA_KEY = re.compile(r'name="captcha_0" value="([0-9a-f]{40})"')
CAPTCHA_IMAGE = re.compile(r'src="(/captcha/image/[0-9a-f]{40}/)"')

# Each photo upload and each login takes the next employee: nobody reaches the per-employee
# upload budget, and logins spread over the register.
fresh_employees = itertools.cycle(POOLS["fresh"])
card_holders = itertools.cycle(POOLS["rendered"])
addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
counts = {"verifications_ok": 0}


# requests copies the session's cookies into a jar with the default policy for every request,
# so the policy itself is relaxed in this process: Secure cookies go over the plain connection.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


class Browser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.client.headers.update({
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": next(addresses),
            "Origin": ORIGIN,
            "Accept-Language": "id",
        })  # fmt: skip

    def page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return ""
            return response.text

    def log_in(self, nip: str) -> bool:
        self.client.cookies.clear()
        form = self.page("/login/", "login page")
        token = CSRF.search(form)
        if not token:
            return False
        data = {"csrfmiddlewaretoken": token.group(1), "nip": nip, "password": PASSWORD}
        with self.client.post(
            "/login/", data, name="login", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}: not logged in")
                return False
        return True


class CardHolder(Browser):
    """An employee with their card open: the card page and the (already drawn) downloads."""

    weight = 6

    def on_start(self):
        super().on_start()
        self.log_in(next(card_holders))

    @task(5)
    def card_page(self):
        self.page("/layanan/kartu-asn/", "card page")

    @task(2)
    def download_front(self):
        self._download("depan.png")

    @task(1)
    def download_back(self):
        self._download("belakang.png")

    def _download(self, name: str):
        url = f"/layanan/kartu-asn/unduh/{name}"
        with self.client.get(url, name="download (cached)", catch_response=True) as response:
            if response.status_code != 200 or not response.content.startswith(b"\x89PNG"):
                response.failure(f"HTTP {response.status_code}")


class LoggingIn(Browser):
    """Someone opening the portal: log in by NIP and land on the card page."""

    weight = 2

    @task
    def log_in_and_open_card(self):
        if self.log_in(next(fresh_employees)):
            self.page("/layanan/kartu-asn/", "card page")


class PhotoUploader(Browser):
    """Log in as the next employee and upload a small pas foto (about 60 kB)."""

    weight = 1

    @task
    def upload(self):
        if not self.log_in(next(fresh_employees)):
            return
        token = CSRF.search(self.page("/layanan/kartu-asn/foto/", "photo page"))
        if not token:
            return
        with self.client.post(
            "/layanan/kartu-asn/foto/",
            {"csrfmiddlewaretoken": token.group(1)},
            files={"photo": ("foto.jpg", PHOTO, "image/jpeg")},
            name="photo upload",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")


class Verifier(Browser):
    """A member of the public who scanned a card: the page, its captcha picture, the answer."""

    weight = 4

    def on_start(self):
        super().on_start()
        self.db = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)

    def on_stop(self):
        self.db.close()

    @task
    def verify(self):
        self.client.cookies.clear()
        url = f"/v/{random.choice(POOLS['tokens'])}/"
        page = self.page(url, "verify page")
        key, token, image = CAPTCHA_KEY.search(page), CSRF.search(page), CAPTCHA_IMAGE.search(page)
        if not (key and token and image):
            return
        with self.client.get(image.group(1), name="captcha image", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
        row = self.db.execute(
            "SELECT response FROM captcha_captchastore WHERE hashkey = %s", [key.group(1)]
        ).fetchone()
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "captcha_0": key.group(1),
            "captcha_1": row[0] if row else "",
        }
        with self.client.post(url, data, name="verify submit", catch_response=True) as response:
            if response.status_code != 200 or "captcha_0" in response.text:
                response.failure(f"HTTP {response.status_code}: no result page")
            else:
                counts["verifications_ok"] += 1


class QrLoginScreen(Browser):
    """A computer showing the QR login code, polling every 2 seconds as qr-login.js does."""

    weight = 2
    wait_time = between(1.9, 2.1)

    def on_start(self):
        super().on_start()
        self.polls = 0

    @task
    def poll(self):
        if self.polls % 15 == 0:  # a new login page and code every 30 s
            self.client.cookies.clear()
            token = CSRF.search(self.page("/login/", "login page"))
            self.csrf = token.group(1) if token else ""
            self._post("/login/qr/baru/", "qr login code")
        self._post("/login/qr/status/", "qr login poll")
        self.polls += 1

    def _post(self, url: str, name: str):
        headers = {"X-CSRFToken": self.csrf, "Accept": "application/json"}
        with self.client.post(url, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200 or response.json().get("status") != "pending":
                response.failure(f"HTTP {response.status_code}")


@events.quitting.add_listener
def _write_counts(environment, **kwargs):
    with open(os.environ["LOAD_RESULT"], "w") as out:
        json.dump(counts, out)
