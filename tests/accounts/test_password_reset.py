import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail

from accounts.models import Employee

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Merah-Putih-1945!"


def reset_path(message) -> str:
    """The link's path, to open it with the test client."""
    return urlsplit(reset_link(message)).path


def reset_link(message) -> str:
    return re.search(r"https?://\S+/atur-password/\S+/", message.body).group(0)


def test_reset_mail_goes_to_the_address_on_record_with_a_link_from_the_public_base_url(
    client, employee, settings
):
    settings.PUBLIC_BASE_URL = "https://mysapk.example.go.id"
    settings.ALLOWED_HOSTS = ["*"]  # even a forged Host that gets through changes nothing
    response = client.post("/lupa-password/", {"nip": employee.nip}, HTTP_HOST="evil.example")
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [employee.email]
    assert reset_link(mail.outbox[0]).startswith("https://mysapk.example.go.id/atur-password/")


def test_unknown_nip_gets_the_same_answer_and_no_mail(client):
    response = client.post("/lupa-password/", {"nip": "199001012015051999"}, follow=True)
    assert "Periksa email Anda" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_end_to_end(client, employee):
    client.post("/lupa-password/", {"nip": employee.nip})
    form_page = client.get(reset_path(mail.outbox[0]), follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    done = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    client.post("/login/", {"nip": employee.nip, "password": NEW_PASSWORD})
    assert client.session[SESSION_KEY] == str(employee.pk)


def test_reset_link_works_only_once(client, employee):
    client.post("/lupa-password/", {"nip": employee.nip})
    path = reset_path(mail.outbox[0])
    form_page = client.get(path, follow=True)
    client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = client.get(path, follow=True).content.decode()
    assert "Tautan ini tidak berlaku lagi" in again


def test_employee_added_by_hr_without_password_sets_a_first_one(client, agency):
    new = Employee.objects.create_user(
        "199103032019031002", name="Budi Santoso", agency=agency, email="budi@uji.go.id"
    )
    assert client.post("/login/", {"nip": new.nip, "password": "apa-saja-123"}).status_code == 200
    client.post("/lupa-password/", {"nip": new.nip})
    assert mail.outbox[0].to == ["budi@uji.go.id"]
    path = reset_path(mail.outbox[0])
    form_page = client.get(path, follow=True)
    client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    new.refresh_from_db()
    assert new.check_password(NEW_PASSWORD)


def test_new_password_must_pass_the_validators(client, employee):
    client.post("/lupa-password/", {"nip": employee.nip})
    path = reset_path(mail.outbox[0])
    form_page = client.get(path, follow=True)
    weak = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": employee.nip, "new_password2": employee.nip},
    )
    assert weak.status_code == 200
    employee.refresh_from_db()
    assert not employee.check_password(employee.nip)


def test_logged_in_employee_changes_password(employee_client, employee, password):
    response = employee_client.post(
        "/akun/password/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert employee_client.get("/").status_code == 200  # still logged in after the change


def test_password_change_rejects_a_password_like_the_nip(employee_client, employee, password):
    response = employee_client.post(
        "/akun/password/",
        {
            "old_password": password,
            "new_password1": employee.nip + "x",
            "new_password2": employee.nip + "x",
        },
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.check_password(password)
