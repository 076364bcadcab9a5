"""The card on the phone without network: manifest, service worker, offline page and data,
and the logout that wipes what was kept."""

import json

import pytest

from cards import services

pytestmark = pytest.mark.django_db

CARD_PAGE = "/layanan/kartu-asn/"


def test_manifest_installs_the_card_page_standalone_with_the_portal_colour(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Kartu ASN Virtual"
    assert manifest["start_url"] == CARD_PAGE and manifest["scope"] == CARD_PAGE
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b3b66"
    assert "--navy: #0b3b66;" in open("static/css/portal.css").read()


def test_manifest_icons_exist_at_the_sizes_they_claim(client):
    from PIL import Image

    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        path = "static/" + icon["src"].split("/static/", 1)[1]
        width, height = Image.open(path).size
        assert f"{width}x{height}" == icon["sizes"]


def test_every_page_links_the_manifest_and_loads_the_offline_script(client):
    page = client.get("/login/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert "js/kartu-luring.js" in page and 'data-pengguna=""' in page


def test_service_worker_is_javascript_from_the_card_path_and_never_cached(client):
    response = client.get(CARD_PAGE + "sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # its own folder is the scope it needs
    assert b'addEventListener("fetch"' in response.content


def test_offline_page_carries_no_personal_data(employee_client, employee, card):
    response = employee_client.get(CARD_PAGE + "luring/")
    page = response.content.decode()
    assert "data-kartu-tersimpan" in page and "QR" in page
    assert employee.nip not in page and card.number not in page and card.token not in page


def test_offline_data_names_the_chosen_layout_sides_and_since_when(employee_client, card):
    data = employee_client.get(CARD_PAGE + "luring/data.json").json()
    assert data["kartu"]["tata_letak"] == card.orientation
    assert [s["url"] for s in data["kartu"]["sisi"]] == [
        CARD_PAGE + "unduh/depan.png",
        CARD_PAGE + "unduh/belakang.png",
    ]
    assert data["kartu"]["disimpan"].startswith("Disimpan sejak ")
    assert data["kartu"]["disimpan"].endswith(" WIB")
    assert data["halaman"] == CARD_PAGE + "luring/"


def test_offline_data_version_changes_with_the_layout(employee_client, card, employee):
    before = employee_client.get(CARD_PAGE + "luring/data.json").json()["kartu"]["versi"]
    other = "landscape" if card.orientation == "portrait" else "portrait"
    services.set_orientation(card, other, employee)
    after = employee_client.get(CARD_PAGE + "luring/data.json").json()["kartu"]
    assert after["versi"] != before and after["tata_letak"] == other


def test_offline_data_keeps_nothing_of_a_revoked_card(employee_client, card, hr_officer):
    services.revoke_card(card, "Hilang", hr_officer)
    assert employee_client.get(CARD_PAGE + "luring/data.json").json() == {"kartu": None}


def test_offline_data_is_refused_when_logged_out(client):
    response = client.get(CARD_PAGE + "luring/data.json")
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]


def test_logout_clears_what_the_site_kept_in_the_browser(employee_client):
    response = employee_client.post("/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
