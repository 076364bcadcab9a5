"""The portal speaks one Indonesian (docs/glossary.md): times as "10.41 WIB", admin words."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from accounts.hr.roles import ensure_hr_group

pytestmark = pytest.mark.django_db

# 03.41 UTC is 10.41 in Jakarta.
MORNING = datetime(2026, 3, 5, 3, 41, tzinfo=UTC)


def render(source: str, **context) -> str:
    return Template("{% load waktu %}" + source).render(Context(context))


def test_a_time_is_written_with_a_period_in_jakarta_time():
    assert render("{{ t|jam }}", t=MORNING) == "10.41 WIB"


def test_a_date_and_time_read_as_one_phrase():
    with translation.override("id"):
        assert render("{{ t|tanggal_jam }}", t=MORNING) == "5 Maret 2026, 10.41 WIB"


def test_no_time_writes_nothing():
    assert render("{{ t|jam }}|{{ t|tanggal_jam }}", t=None) == "|"


def test_the_admin_history_title_says_riwayat_perubahan(client, hr_officer, employee):
    hr_officer.groups.add(ensure_hr_group())
    client.force_login(hr_officer)
    page = client.get(f"/admin/accounts/employee/{employee.pk}/history/").content.decode()
    assert "Riwayat perubahan" in page
    assert "Ubah riwayat" not in page


def test_a_phone_sent_to_log_in_from_a_qr_code_is_told_why(client):
    page = client.get("/login/", {"next": "/login/qr/ABCDEFGH/"}).content.decode()
    assert "Anda membuka kode QR untuk masuk di komputer" in page
    assert "Log In" in page and "Password" in page


def test_a_plain_visit_to_the_login_page_has_no_qr_message(client):
    assert "kode QR untuk masuk di komputer" not in client.get("/login/").content.decode()
