import re
import threading
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import outbox
from accounts.forms import NipPasswordResetForm
from accounts.models import Employee
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Merah-Putih-1945!"
DONE = "/lupa-password/terkirim/"


def ask_for_reset(client, nip, **extra):
    """Submit "Lupa Kata Sandi" and wait until any e-mail it sends has left."""
    response = client.post("/lupa-password/", {"nip": nip}, **extra)
    assert outbox.flush(timeout=10)
    return response


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
    response = ask_for_reset(client, employee.nip, HTTP_HOST="evil.example")
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [employee.email]
    assert reset_link(mail.outbox[0]).startswith("https://mysapk.example.go.id/atur-password/")


def test_unknown_nip_gets_the_same_answer_and_no_mail(client):
    response = client.post("/lupa-password/", {"nip": "199001012015051999"}, follow=True)
    assert outbox.flush(timeout=10)
    assert "Periksa email Anda" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_end_to_end(client, employee):
    ask_for_reset(client, employee.nip)
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
    ask_for_reset(client, employee.nip)
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
    ask_for_reset(client, new.nip)
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
    ask_for_reset(client, employee.nip)
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


# Limits: past either one the page answers the same and no e-mail leaves.


def test_the_limits_default_to_3_per_nip_and_30_per_address_an_hour(settings):
    limits = (
        settings.PASSWORD_RESET_LIMIT_PER_NIP,
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        settings.PASSWORD_RESET_WINDOW_SECONDS,
    )
    assert limits == (3, 30, 3600)


def test_past_the_nip_limit_no_mail_leaves_and_the_page_is_the_same(employee, settings):
    limit = settings.PASSWORD_RESET_LIMIT_PER_NIP
    addresses = [f"198.51.100.{n}" for n in range(limit + 1)]
    answers = [ask_for_reset(Client(REMOTE_ADDR=a), employee.nip) for a in addresses]
    assert len(mail.outbox) == limit
    assert {(r.status_code, r["Location"]) for r in answers} == {(302, DONE)}
    done = Client().get(DONE).content.decode()
    assert "Periksa email Anda" in done


def test_past_the_address_limit_no_mail_leaves(client, agency, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    people = EmployeeFactory.create_batch(4, agency=agency)
    answers = [ask_for_reset(client, person.nip) for person in people]
    assert [m.to for m in mail.outbox] == [[person.email] for person in people[:3]]
    assert {(r.status_code, r["Location"]) for r in answers} == {(302, DONE)}
    ask_for_reset(Client(REMOTE_ADDR="198.51.100.9"), people[3].nip)
    assert mail.outbox[-1].to == [people[3].email]


def test_unknown_nips_count_against_the_address_too(client, employee, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    for n in range(3):
        ask_for_reset(client, f"19900101201505100{n + 1}")
    ask_for_reset(client, employee.nip)
    assert mail.outbox == []


def test_hr_sending_the_reset_mail_is_not_limited_by_the_public_page(rf, employee, settings):
    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_NIP + 1):
        form = NipPasswordResetForm(data={"nip": employee.nip})  # as HR's admin action does
        assert form.is_valid()
        form.save(
            request=rf.post("/admin/"), email_template_name="accounts/email/password_reset.txt"
        )
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_NIP + 1


# The page answers before the mail server is reached, with the same work for every NIP.


class HeldMailBackend(locmem.EmailBackend):
    """The test mail backend behind a slow mail server: it waits until the test lets go."""

    reached = threading.Event()
    let_go = threading.Event()

    def send_messages(self, messages):
        self.reached.set()
        self.let_go.wait(timeout=5)
        return super().send_messages(messages)


@pytest.fixture
def held_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.HeldMailBackend"
    HeldMailBackend.reached.clear()
    HeldMailBackend.let_go.clear()
    yield HeldMailBackend
    HeldMailBackend.let_go.set()
    assert outbox.flush(timeout=10)


def test_the_page_answers_while_the_mail_server_is_still_busy(client, employee, held_mail):
    response = client.post("/lupa-password/", {"nip": employee.nip})
    assert (response.status_code, response["Location"]) == (302, DONE)
    assert held_mail.reached.wait(timeout=5)  # the e-mail is on its way...
    assert mail.outbox == []  # ...and the answer came before the mail server let it go
    held_mail.let_go.set()
    assert outbox.flush(timeout=10) and [m.to for m in mail.outbox] == [[employee.email]]


def test_known_and_unknown_nips_do_the_same_work_in_the_request(client, employee, held_mail):
    work = []
    for nip in (employee.nip, "199001012015051999"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/lupa-password/", {"nip": nip})
        work.append((response.status_code, response["Location"], len(queries), len(mail.outbox)))
    assert work[0] == work[1] == (302, DONE, work[0][2], 0)
