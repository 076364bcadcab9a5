""" "Pindai Kartu" as the server sends it: the page, its service worker and their headers.

Only this page may compile WebAssembly (the QR decoder) and use the camera; the worker keeps
exactly what the page needs offline, under a cache of its own.
"""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

SCANNER = "/pindai/"
WORKER = "/pindai/sw.js"


def script_src(response) -> list[str]:
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return policy["script-src"].split()


def worker_config(response) -> dict:
    first_line = response.content.decode().split("\n", 1)[0]
    match = re.fullmatch(r"self\.PINDAI = (\{.*\});", first_line)
    return json.loads(match.group(1))


# ---- The page --------------------------------------------------------------------------


def test_the_scanner_is_public_and_alone_may_compile_webassembly_and_use_the_camera(client, db):
    response = client.get(SCANNER)

    assert response.status_code == 200
    assert script_src(response) == ["'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["Permissions-Policy"] == (
        "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"
    )
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "path", ["/login/", "/v/23456789ABCDEFGHJKMNPQRSTU/", "/.well-known/kartu-asn/jwks.json"]
)
def test_no_other_public_page_may_compile_webassembly_or_use_the_camera(client, db, path):
    response = client.get(path)

    assert script_src(response) == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"].split(", ")


@pytest.mark.parametrize("path", ["/", "/layanan/", "/layanan/kartu-asn/", WORKER])
def test_no_employee_page_nor_the_worker_may_compile_webassembly(employee_client, path):
    response = employee_client.get(path)

    assert response.status_code == 200
    assert "wasm-unsafe-eval" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"].split(", ")


def test_the_page_names_its_decoder_keys_list_and_worker_as_this_portal_serves_them(client, db):
    page = client.get(SCANNER).content.decode()

    assert f'data-wasm="{static("js/build/zxing_reader.wasm")}"' in page
    assert 'data-jwks="/.well-known/kartu-asn/jwks.json"' in page
    assert 'data-status-list="/.well-known/kartu-asn/status"' in page
    assert 'data-worker="/pindai/sw.js" data-scope="/pindai/"' in page
    assert 'data-record="/v/TOKEN/"' in page
    assert f'<script type="module" src="{static("js/build/pindai.js")}"></script>' in page
    for built in ("js/build/pindai.js", "js/build/zxing_reader.wasm", "js/build/LICENSES.txt"):
        assert finders.find(built), built  # committed: serving needs no Node.js


def test_without_javascript_the_page_says_how_to_check_with_any_camera_app(client, db):
    page = client.get(SCANNER).content.decode()

    assert "memerlukan JavaScript" in page and "aplikasi kamera apa pun" in page
    assert re.search(r'<div class="pindai__alat" data-tools hidden>', page)  # no dead buttons


def test_every_verdict_has_its_words_on_the_page(client, db):
    page = client.get(SCANNER).content.decode()

    for verdict in ("SAH", "TIDAK_SAH", "KEDALUWARSA", "DICABUT", "DIGANTI",
                    "TIDAK_DAPAT_DIPERIKSA", "SAH_TANPA_STATUS"):  # fmt: skip
        assert f'<template data-verdict="{verdict}">' in page, verdict
    for words in ("SAH", "TIDAK SAH", "KEDALUWARSA", "DICABUT", "DIGANTI"):
        assert f">{words}</h2>" in page, words
    assert "STATUS TIDAK DAPAT DIPERIKSA</h2>" in page


def test_the_page_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get(SCANNER).content.decode()

    assert '<html lang="en">' in page
    assert '<h1 id="judul">Scan a Card</h1>' in page
    assert ">VALID</h2>" in page and ">NOT VALID</h2>" in page
    assert json.loads(re.search(r'id="pindai-teks" type="application/json">(.*?)</script>', page)
                      .group(1))["statusAsOf"] == "Card status as of %(waktu)s"  # fmt: skip


def test_the_worker_asks_for_the_page_in_a_language_without_cookies(client, db):
    assert '<html lang="en">' in client.get(SCANNER + "?bahasa=en").content.decode()
    assert '<html lang="id">' in client.get(SCANNER + "?bahasa=xx").content.decode()


def test_the_page_keeps_no_session_of_its_own(client, db):
    response = client.get(SCANNER)

    assert "sessionid" not in response.cookies


def test_the_page_answers_only_get(client, db):
    assert client.post(SCANNER).status_code == 405


# ---- Where a guard finds it ------------------------------------------------------------


def test_the_login_page_and_the_employee_menus_lead_to_the_scanner(client, employee):
    assert 'href="/pindai/">Pindai Kartu</a>' in client.get("/login/").content.decode()
    client.force_login(employee)
    assert 'href="/pindai/" >Pindai Kartu</a>' in client.get("/").content.decode()
    services_page = client.get("/layanan/").content.decode()
    assert '<a class="tile" href="/pindai/">' in services_page
    scanner = client.get(SCANNER).content.decode()
    assert 'href="/pindai/" aria-current="page">Pindai Kartu</a>' in scanner


# ---- The service worker ----------------------------------------------------------------


def test_the_worker_is_javascript_from_the_scanners_path_renewed_on_every_visit(client, db):
    response = client.get(WORKER)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # its scope is /pindai/ and nothing more


def test_the_worker_keeps_the_page_its_assets_the_keys_and_the_status_list(client, db):
    config = worker_config(client.get(WORKER))

    assert config["page"] == SCANNER
    assert config["data"] == ["/.well-known/kartu-asn/jwks.json", "/.well-known/kartu-asn/status"]
    for needed in ("js/build/pindai.js", "js/build/zxing_reader.wasm", "css/pindai.css"):
        assert static(needed) in config["assets"]
    for url in config["assets"] + config["data"]:
        assert client.get(url).status_code == 200, url


def test_the_worker_has_a_cache_of_its_own_apart_from_the_card_on_the_phone(client, db):
    config = worker_config(client.get(WORKER))

    # The card's worker and its script drop every cache named "kartu-asn-…" but their own.
    assert config["cache"].startswith("pindai-kartu-")
    assert not config["cache"].startswith("kartu-asn-")
    assert worker_config(client.get(WORKER))["cache"] == config["cache"]  # stable between visits
