"""The portal shell (mysapk): home, the services menu, health, error pages, languages."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/"


def test_home_offers_layanan_lainnya(employee_client, employee):
    page = employee_client.get("/").content.decode()
    assert "Layanan Lainnya" in page and employee.full_name in page and "Keluar" in page


def test_layanan_lists_kartu_asn_virtual(employee_client):
    page = employee_client.get("/layanan/").content.decode()
    assert "Kartu ASN Virtual" in page and 'href="/layanan/kartu-asn/"' in page


def test_unknown_page_gets_the_indonesian_404(client, settings):
    settings.DEBUG = False
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_english_can_be_chosen_and_is_remembered(employee_client):
    employee_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = employee_client.get("/").content.decode()
    assert "Other Services" in page and 'lang="en"' in page


def test_pages_send_security_headers(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_healthz_answers_ok_with_the_database(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real unreachable PostgreSQL (nothing listens on port 1), in a process of its own.
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz/'); print(r.status_code, r.json()['status'])"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "REDIS_URL": "",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert out.stdout.split() == ["503", "error"], out.stderr


def test_robots_txt_keeps_every_crawler_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode() == "User-agent: *\nDisallow: /\n"


def test_error_pages_for_403_and_500_are_in_indonesian(rf):
    from mysapk import urls

    forbidden = urls.handler403(rf.get("/"), exception=None)
    broken = urls.handler500(rf.get("/"))
    assert forbidden.status_code == 403 and "Akses ditolak" in forbidden.content.decode()
    assert broken.status_code == 500 and "Terjadi gangguan pada sistem" in broken.content.decode()
