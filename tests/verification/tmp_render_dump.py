# TEMPORARY: renders pages in English/Indonesian and dumps visible text. Removed after use.
import html, re, pathlib
import pytest
from django.contrib.admin.models import LogEntry
from cards import services
from tests.factories import EmployeeFactory
from tests.verification.conftest import solve, verify_url

OUT = pathlib.Path("/tmp/i18nwork/pages")
pytestmark = pytest.mark.django_db


def text_of(page: str) -> str:
    page = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", page)
    attrs = re.findall(r'(?:aria-label|alt|title|placeholder|data-msg-[a-z]+|value)="([^"]*)"', page)
    body = re.sub(r"(?s)<[^>]+>", "\n", page)
    lines = [html.unescape(l).strip() for l in body.splitlines()]
    lines = [l for l in lines if l]
    return "\n".join(lines) + "\n--- attrs ---\n" + "\n".join(html.unescape(a) for a in attrs if a and not re.fullmatch(r"[0-9a-f]{20,}|\S{30,}", a))


def dump(name, response, lang):
    assert response.status_code in (200, 400, 404, 403, 429), (name, response.status_code)
    page = response.content.decode()
    (OUT / f"{lang}-{name}.txt").write_text(text_of(page))
    return page


@pytest.mark.parametrize("lang", ["en", "id"])
def test_dump(client, employee, card_with_photo, revoked_card, replaced_token, retired_card, lang, settings, hr_officer):
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    dump("login", client.get("/login/"), lang)
    r = client.post("/login/", {"nip": employee.nip, "password": "salah-sekali"})
    dump("login-error", r, lang)
    dump("password-reset", client.get("/lupa-password/"), lang)
    dump("password-reset-done", client.post("/lupa-password/", {"nip": employee.nip}, follow=True), lang)
    dump("password-reset-badlink", client.get("/atur-password/MQ/abc-def/", follow=True), lang)
    dump("password-reset-complete", client.get("/atur-password/selesai/"), lang)
    # public verification
    dump("verify", client.get(verify_url(card_with_photo.token)), lang)
    dump("verify-wrong", client.post(verify_url(card_with_photo.token), {"captcha_0": "0"*40, "captcha_1": "x"}), lang)
    dump("result-valid", solve(client, verify_url(card_with_photo.token)), lang)
    dump("result-revoked", solve(client, verify_url(revoked_card.token)), lang)
    dump("result-replaced", solve(client, verify_url(replaced_token)), lang)
    dump("result-retired", solve(client, verify_url(retired_card.token)), lang)
    dump("result-notfound", solve(client, verify_url("A" * 26)), lang)
    # logged-in employee
    client.force_login(employee)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    dump("home", client.get("/"), lang)
    dump("services", client.get("/layanan/"), lang)
    dump("card", client.get("/layanan/kartu-asn/"), lang)
    r = client.post("/layanan/kartu-asn/tata-letak/", {"orientation": "x"}, follow=True)
    dump("card-bad-layout", r, lang)
    from tests.verification.conftest import portrait_jpeg
    dump("photo", client.get("/layanan/kartu-asn/foto/"), lang)
    r = client.post("/layanan/kartu-asn/foto/", {}, follow=True)
    dump("photo-empty", r, lang)
    r = client.post("/layanan/kartu-asn/foto/", {"photo": portrait_jpeg()}, follow=True)
    dump("photo-candidate", r, lang)
    dump("print", client.get("/layanan/kartu-asn/cetak/"), lang)
    dump("devices", client.get("/akun/perangkat/"), lang)
    dump("password-change", client.get("/akun/password/"), lang)
    dump("password-change-error", client.post("/akun/password/", {"old_password": "x", "new_password1": "123", "new_password2": "456"}), lang)
    dump("password-change-done", client.get("/akun/password/selesai/"), lang)
    dump("404", client.get("/tidak-ada/"), lang)
    # no card: retired employee
    client.force_login(retired_card.employee)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    dump("no-card", client.get("/layanan/kartu-asn/"), lang)
    # admin
    admin = EmployeeFactory(agency=employee.agency, name="Super Admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    dump("admin-index", client.get("/admin/"), lang)
    dump("admin-employees", client.get("/admin/accounts/employee/"), lang)
    dump("admin-employee-change", client.get(f"/admin/accounts/employee/{employee.pk}/change/"), lang)
    dump("admin-employee-history", client.get(f"/admin/accounts/employee/{revoked_card.employee.pk}/history/"), lang)
    dump("admin-import", client.get("/admin/accounts/employee/import/"), lang)
    dump("admin-export", client.get("/admin/accounts/employee/export/"), lang)
    dump("admin-cardevents", client.get("/admin/cards/cardevent/"), lang)
    dump("admin-logentry", client.get("/admin/admin/logentry/"), lang)
    r = client.post("/admin/accounts/employee/", {"action": "revoke_cards", "_selected_action": [employee.pk, hr_officer.pk]})
    dump("admin-revoke-confirm", r, lang)
    r = client.post("/admin/accounts/employee/", {"action": "reissue_cards", "_selected_action": [employee.pk]})
    dump("admin-reissue-confirm", r, lang)
    r = client.post("/admin/accounts/employee/", {"action": "revoke_cards", "_selected_action": [employee.pk, hr_officer.pk], "confirm": "1", "reason": "hilang"}, follow=True)
    dump("admin-revoke-done", r, lang)
    r = client.post("/admin/accounts/employee/", {"action": "send_password_reset", "_selected_action": [employee.pk, hr_officer.pk]}, follow=True)
    dump("admin-reset-sent", r, lang)
    dump("admin-employee-add", client.get("/admin/accounts/employee/add/"), lang)
