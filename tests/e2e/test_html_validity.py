"""Every page of the portal is valid HTML, as the Nu HTML Checker (vnu.jar) reads it.

The pages are fetched as the journeys reach them (logged out, as an employee, as an HR officer)
and all handed to one run of the checker. vnu.jar comes from the npm package vnu-jar
(scripts/fetch-vnu, run by `make test`) and needs Java; without them the test is skipped,
unless REQUIRE_BROWSER is set (CI), where it fails.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Employee
from cards import services
from mysapk.outage import unavailable
from tests.e2e.conftest import DEMO_PASSWORD, DEMO_PNS
from tests.factories import EmployeeFactory
from tests.hr.samples import DOCS
from tests.portrait import jpeg_upload
from verification import scans, tokens

VNU = Path(__file__).resolve().parents[2] / ".venv" / "vnu" / "vnu.jar"
PPPK = "199203142023212005"
NOT_YET = "199807022025031003"  # TMT still ahead: no card yet
HR_BKN = "198203172006042002"
EMPLOYEES = "/admin/accounts/employee/"
UNKNOWN_TOKEN = "23456789ABCDEFGHJKMNPQRSTU"
# Django's own markup that a template cannot reach: the admin's autocomplete select starts with
# an empty <option> for its placeholder (django.contrib.admin.widgets.AutocompleteMixin).
UPSTREAM = [("admin-pegawai-", "Element “option” without attribute “label” must not be empty")]


@pytest.fixture(scope="module")
def vnu():
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-jar", str(VNU)]
    message = "the Nu HTML Checker needs java and .venv/vnu/vnu.jar (scripts/fetch-vnu)"
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def demo(db):
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=open(os.devnull, "w"))


class Pages(dict):
    """Page name → HTML, each fetched with the status it is meant to have."""

    def get(self, name: str, client: Client, path: str, status: int = 200, **data):
        return self.keep(name, client.get(path, data), status)

    def post(self, name: str, client: Client, path: str, data: dict, status: int = 200):
        return self.keep(name, client.post(path, data, follow=True), status)

    def keep(self, name: str, response, status: int):
        assert response.status_code == status, f"{name}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), name
        self[name] = response.content.decode()
        return response


def logged_in(nip: str) -> Client:
    client = Client()
    client.force_login(Employee.objects.get(nip=nip))
    return client


def solve(client: Client, path: str) -> dict:
    """The captcha answer for the page at path, as a person reads it from the picture."""
    page = client.get(path).content.decode()
    key = re.search(r'name="captcha_0" value="(\w+)"', page).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def logged_out_pages(pages: Pages):
    anonymous = Client()
    pages.get("masuk", anonymous, "/login/")
    pages.get("masuk-dari-kode-qr", anonymous, "/login/", next="/login/qr/ABCDEFGHIJKLMNOP/")
    pages.post("masuk-salah", anonymous, "/login/", {"nip": DEMO_PNS, "password": "salah"})
    pages.get("lupa-password", anonymous, "/lupa-password/")
    pages.post("lupa-password-terkirim", anonymous, "/lupa-password/", {"nip": DEMO_PNS})
    andi = Employee.objects.get(nip=DEMO_PNS)
    uid = urlsafe_base64_encode(force_bytes(andi.pk))
    link = f"/atur-password/{uid}/{default_token_generator.make_token(andi)}/"
    pages.keep("atur-password", anonymous.get(link, follow=True), 200)
    pages.get("atur-password-kedaluwarsa", anonymous, f"/atur-password/{uid}/bukan-token/")
    pages.get("atur-password-selesai", anonymous, "/atur-password/selesai/")
    pages.get("tidak-ditemukan-404", anonymous, "/tidak-ada-halaman-ini/", status=404)


def error_pages(pages: Pages):
    """The 403 and 500 handlers and the cache-outage page as Django calls them; a real 429."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    resolver = get_resolver()
    for status in (403, 500):
        handler = resolver.resolve_error_handler(status)
        response = handler(request) if status == 500 else handler(request, exception=None)
        pages.keep(f"galat-{status}", response, status)
    pages.keep("galat-503", unavailable(request), 503)
    crowd = Client(REMOTE_ADDR="203.0.113.9")  # one address, past the verification limit
    with override_settings(VERIFICATION_VIEW_LIMIT=1):
        crowd.get(f"/v/{UNKNOWN_TOKEN}/")
        pages.get("galat-429", crowd, f"/v/{UNKNOWN_TOKEN}/", status=429)


def employee_pages(pages: Pages):
    andi = Employee.objects.get(nip=DEMO_PNS)
    card = services.card_for(andi)
    scans.record_scan(tokens.look_up(card.token), "198.51.100.4")  # "Riwayat Verifikasi"
    client = logged_in(DEMO_PNS)
    pages.get("beranda", client, "/")
    pages.get("layanan", client, "/layanan/")
    for layout in ("landscape", "portrait"):
        pages.post(
            f"kartu-{layout}", client, "/layanan/kartu-asn/tata-letak/", {"orientation": layout}
        )
    pages.get("foto", client, "/layanan/kartu-asn/foto/")
    services.upload_photo_candidate(andi, jpeg_upload(), andi)
    pages.get("foto-kandidat", client, "/layanan/kartu-asn/foto/")
    pages.get("cetak", client, "/layanan/kartu-asn/cetak/")
    pages.get("luring", client, "/layanan/kartu-asn/luring/")
    pages.get("ubah-password", client, "/akun/password/")
    wrong = {"old_password": "salah", "new_password1": "a", "new_password2": "b"}
    pages.post("ubah-password-salah", client, "/akun/password/", wrong)
    pages.get("ubah-password-selesai", client, "/akun/password/selesai/")
    pages.get("perangkat", client, "/akun/perangkat/")
    pages.get("verifikasi-masuk", client, f"/v/{card.token}/")
    pages.post("verifikasi-masuk-hasil", client, f"/v/{card.token}/", {})
    pages.get("kartu-belum-ada", logged_in(NOT_YET), "/layanan/kartu-asn/")
    pages.get("kartu-pppk", logged_in(PPPK), "/layanan/kartu-asn/")
    english = logged_in(PPPK)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    pages.get("english-beranda", english, "/")
    pages.get("english-kartu", english, "/layanan/kartu-asn/")
    qr_login_pages(pages, client)
    services.reissue_card(card, actor=None)
    pages.get("kartu-diterbitkan-ulang", client, "/layanan/kartu-asn/")
    services.revoke_card(services.card_for(andi), "Kartu hilang", None)
    pages.get("kartu-dicabut", client, "/layanan/kartu-asn/")
    pages.get("cetak-kartu-dicabut", client, "/layanan/kartu-asn/cetak/", status=410)


def qr_login_pages(pages: Pages, phone: Client):
    desktop = Client()
    desktop.get("/login/")
    url = desktop.post("/login/qr/baru/").json()["url"]
    path = "/" + url.split("/", 3)[3]
    pages.get("qr-setujui", phone, path)
    pages.post("qr-tanpa-angka", phone, path, {"keputusan": "setujui"})
    pages.post("qr-ditolak", phone, path, {"keputusan": "tolak"})
    pages.get("qr-tidak-berlaku", phone, "/login/qr/ABCDEFGHIJKLMNOP/", status=404)


def verification_pages(pages: Pages):
    siti = services.card_for(Employee.objects.get(nip=PPPK))
    cards = [services.card_for(EmployeeFactory(agency=siti.employee.agency)) for _ in range(3)]
    Employee.objects.filter(pk=cards[0].employee_id).update(status=Employee.Status.RETIRED)
    revoked = services.revoke_card(cards[1], "Kartu hilang", None)
    services.reissue_card(cards[2], actor=None)
    visitor = Client()
    pages.get("verifikasi", visitor, f"/v/{siti.token}/")
    bad = {"captcha_0": solve(visitor, f"/v/{siti.token}/")["captcha_0"], "captcha_1": "X"}
    pages.keep("verifikasi-captcha-salah", visitor.post(f"/v/{siti.token}/", bad), 400)
    for status, token in (("sah", siti.token), ("tidak-aktif", cards[0].token),
                          ("dicabut", revoked.token), ("diganti", cards[2].token),
                          ("tidak-ditemukan", UNKNOWN_TOKEN)):  # fmt: skip
        path = f"/v/{token}/"
        pages.post(f"verifikasi-{status}", visitor, path, solve(visitor, path))


def hr_pages(pages: Pages):
    andi = Employee.objects.get(nip=DEMO_PNS)
    services.card_for(andi)
    pages.get("admin-masuk", Client(), "/admin/login/")
    hr = logged_in(HR_BKN)
    pages.get("admin-beranda", hr, "/admin/")
    pages.get("admin-pegawai", hr, EMPLOYEES)
    pages.get("admin-pegawai-cari", hr, EMPLOYEES, q=DEMO_PNS)
    pages.get("admin-pegawai-ubah", hr, f"{EMPLOYEES}{andi.pk}/change/")
    pages.get("admin-pegawai-tambah", hr, f"{EMPLOYEES}add/")
    pages.get("admin-pegawai-riwayat", hr, f"{EMPLOYEES}{andi.pk}/history/")
    pages.get("admin-impor", hr, f"{EMPLOYEES}import/")
    with open(DOCS / "contoh-salah.csv", "rb") as wrong:
        dry_run = hr.post(f"{EMPLOYEES}import/", {"import_file": wrong, "format": ""})
    pages.keep("admin-impor-uji-coba", dry_run, 200)
    pages.get("admin-ekspor", hr, f"{EMPLOYEES}export/")
    for action in ("revoke_cards", "reissue_cards"):
        chosen = {"action": action, "_selected_action": [andi.pk], "index": "0"}
        pages.keep(f"admin-{action}", hr.post(EMPLOYEES, chosen), 200)
    for model in ("agency", "workunit"):
        pages.get(f"admin-{model}", hr, f"/admin/accounts/{model}/")
    pages.get("admin-kejadian-kartu", hr, "/admin/cards/cardevent/")


def check(vnu: list[str], pages: Pages, folder: Path) -> dict[str, list[str]]:
    """The checker's errors for each page, as "line N: message"."""
    files = {}
    for name, html in pages.items():
        files[name] = folder / f"{name}.html"
        files[name].write_text(html, encoding="utf-8")
    run = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, files.values())],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    errors: dict[str, list[str]] = {}
    for message in json.loads(run.stderr or run.stdout)["messages"]:
        name = Path(message.get("url", "?:?").split(":", 1)[1]).stem
        if any(name.startswith(page) and text in message["message"] for page, text in UPSTREAM):
            continue
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}  «{extract}»"
        )
    return errors


def test_every_page_is_valid_html(demo, vnu, tmp_path):
    pages = Pages()
    logged_out_pages(pages)
    error_pages(pages)
    employee_pages(pages)
    verification_pages(pages)
    hr_pages(pages)
    errors = check(vnu, pages, tmp_path)
    report = "\n".join(
        f"{name}:\n" + "\n".join(f"    {error}" for error in found)
        for name, found in errors.items()
    )
    assert not errors, f"the Nu HTML Checker found errors on {len(errors)} page(s):\n{report}"
