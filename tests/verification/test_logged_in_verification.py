"""A logged-in MySAPK employee checks a card without a captcha, limited per account."""

import pytest
from django.conf import settings

from cards import services
from tests.verification.conftest import verify_url
from verification.models import VerificationEvent

pytestmark = pytest.mark.django_db


def test_a_logged_in_employee_gets_a_check_button_instead_of_the_captcha(employee_client, card):
    page = employee_client.get(verify_url(card.token)).content.decode()
    assert ">Periksa</button>" in page
    assert "captcha_0" not in page and "Kode keamanan" not in page


def test_a_logged_in_employee_sees_the_result_without_a_captcha(employee_client, other_employee):
    card = services.card_for(other_employee)
    response = employee_client.post(verify_url(card.token))
    assert response.status_code == 200
    assert "KARTU SAH — PEGAWAI AKTIF" in response.content.decode()
    assert VerificationEvent.objects.count() == 1


def test_an_anonymous_visitor_still_needs_the_captcha(client, card):
    response = client.post(verify_url(card.token))
    page = response.content.decode()
    assert response.status_code == 400
    assert "captcha_0" in page and "KARTU SAH" not in page
    assert VerificationEvent.objects.count() == 0


def test_the_account_limit_defaults_to_30_checks_per_window():
    assert settings.VERIFICATION_ACCOUNT_LIMIT == 30


def test_past_the_account_limit_the_check_is_refused_in_words(employee_client, card, settings):
    settings.VERIFICATION_ACCOUNT_LIMIT = 2
    url = verify_url(card.token)
    assert [employee_client.post(url).status_code for _ in range(2)] == [200, 200]
    refused = employee_client.post(url)
    page = refused.content.decode()
    assert refused.status_code == 400 and "KARTU SAH" not in page
    assert "Terlalu banyak pemeriksaan dari akun Anda" in page
    assert VerificationEvent.objects.count() == 2


def test_the_account_limit_counts_the_account_not_the_address(
    employee_client, other_employee, card, settings
):
    settings.VERIFICATION_ACCOUNT_LIMIT = 1
    url = verify_url(card.token)
    assert employee_client.post(url).status_code == 200
    assert employee_client.post(url, REMOTE_ADDR="203.0.113.7").status_code == 400
    employee_client.force_login(other_employee)
    assert employee_client.post(url).status_code == 200
