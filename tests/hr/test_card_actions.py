"""Revoke and re-issue from the employee list change what a scan of the QR code says."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from cards.models import CardEvent, RetiredToken
from verification.tokens import look_up

pytestmark = pytest.mark.django_db

EMPLOYEE = "/admin/accounts/employee/"


def _act(client, action, employee, **extra):
    return client.post(EMPLOYEE, {"action": action, "_selected_action": [employee.pk], **extra})


def test_revoking_asks_for_a_reason_on_a_confirmation_page(hr_client, employee, card):
    page = _act(hr_client, "revoke_cards", employee)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alasan pencabutan" in text and card.number in text
    card.refresh_from_db()
    assert card.revoked_at is None


def test_a_revoke_without_a_reason_revokes_nothing(hr_client, employee, card):
    page = _act(hr_client, "revoke_cards", employee, confirm="1", reason="")
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    card.refresh_from_db()
    assert card.revoked_at is None


def test_a_revoked_card_verifies_as_revoked_and_the_event_names_the_officer(
    hr_client, hr_officer, employee, card
):
    assert look_up(card.token).status == "valid"
    response = _act(hr_client, "revoke_cards", employee, confirm="1", reason="Kartu hilang")
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.revoked_at is not None and card.revoke_reason == "Kartu hilang"
    assert look_up(card.token).status == "revoked"
    event = card.events.get(kind=CardEvent.Kind.REVOKED)
    assert event.actor == hr_officer and event.detail == {"reason": "Kartu hilang"}


def test_reissue_gives_a_new_token_and_number_and_the_old_printout_reads_replaced(
    hr_client, hr_officer, employee, card
):
    old_token, old_number = card.token, card.number
    assert "Terbitkan ulang" in _act(hr_client, "reissue_cards", employee).content.decode()
    _act(hr_client, "reissue_cards", employee, confirm="1")
    card.refresh_from_db()
    assert card.token != old_token and card.number != old_number
    assert RetiredToken.objects.get(token=old_token).number == old_number
    assert look_up(old_token).status == "replaced"
    assert look_up(card.token).status == "valid"
    assert card.events.get(kind=CardEvent.Kind.REISSUED).actor == hr_officer


def test_reissue_after_revoke_gives_a_valid_card_again(hr_client, employee, card):
    _act(hr_client, "revoke_cards", employee, confirm="1", reason="Salah cetak")
    _act(hr_client, "reissue_cards", employee, confirm="1")
    card.refresh_from_db()
    assert card.revoked_at is None and look_up(card.token).status == "valid"


def test_employees_without_a_card_are_skipped_with_a_message(hr_client, employee):
    response = _act(hr_client, "revoke_cards", employee, confirm="1", reason="x")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "0 kartu dicabut." in messages


def test_password_reset_mail_goes_to_the_address_on_record_and_is_logged(
    hr_client, hr_officer, employee
):
    _act(hr_client, "send_password_reset", employee)
    assert [m.to for m in mail.outbox] == [[employee.email]]
    assert "/reset/" in mail.outbox[0].body or "http" in mail.outbox[0].body
    entry = LogEntry.objects.get(object_id=str(employee.pk))
    assert entry.user == hr_officer and "atur ulang kata sandi" in entry.change_message
