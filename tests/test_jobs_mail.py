"""Every e-mail goes through the task queue (accounts.outbox → accounts.tasks.send_email), and
the holder hears of a revoked or re-issued card, a new photo and a new e-mail address."""

import smtplib

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import translation
from kombu.exceptions import OperationalError

from accounts import outbox
from accounts.tasks import send_email
from cards import services
from cards.employees import update_employee
from tests.factories import EmployeeFactory
from tests.portrait import jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit, then wait for the mail it sent."""

    class Committed:
        def __enter__(self):
            self.capture = django_capture_on_commit_callbacks(execute=True)
            return self.capture.__enter__()

        def __exit__(self, *exc):
            self.capture.__exit__(*exc)
            assert outbox.flush(timeout=30)

    return Committed


def test_a_revoked_card_is_told_to_its_holder_with_the_reason(card, hr_officer, committed,
                                                             mailoutbox):  # fmt: skip
    with committed():
        services.revoke_card(card, "Kartu hilang dilaporkan pemegang", hr_officer)

    [message] = mailoutbox
    assert message.to == [card.employee.email]
    assert message.subject == "Kartu ASN Virtual Anda dicabut"
    assert card.number in message.body and "Kartu hilang dilaporkan pemegang" in message.body
    assert "WIB" in message.body and "/layanan/kartu-asn/" in message.body


def test_a_reissued_card_is_told_with_its_new_number(card, hr_officer, committed, mailoutbox):
    old_number = card.number
    with committed():
        card = services.reissue_card(card, hr_officer)

    [message] = mailoutbox
    assert message.subject == "Kartu ASN Virtual Anda diterbitkan ulang"
    assert card.number in message.body and old_number not in message.body


def test_a_new_card_photo_is_told_to_the_holder(card, employee, committed, mailoutbox):
    candidate = services.upload_photo_candidate(employee, jpeg_upload(), employee)
    with committed():
        services.confirm_photo(card, candidate, employee)

    [message] = mailoutbox
    assert message.subject == "Foto Kartu ASN Virtual Anda diganti"
    assert message.to == [employee.email] and card.number in message.body


def test_a_changed_email_address_is_told_to_the_old_address(employee, hr_officer, committed,
                                                          mailoutbox):  # fmt: skip
    old = employee.email
    with committed():
        update_employee(employee, {"email": "andi.baru@contoh.go.id"}, hr_officer)

    [message] = mailoutbox
    assert message.to == [old] and "a•••u@contoh.go.id" in message.body


def test_the_holder_is_written_to_in_indonesian_whatever_the_officers_language(
    card, hr_officer, committed, mailoutbox
):
    with translation.override("en"), committed():
        services.revoke_card(card, "Mutasi", hr_officer)

    assert mailoutbox[0].subject == "Kartu ASN Virtual Anda dicabut"


def test_a_holder_without_an_email_address_gets_nothing(agency, hr_officer, committed,
                                                       mailoutbox):  # fmt: skip
    card = services.card_for(EmployeeFactory(agency=agency, email=""))
    with committed():
        services.revoke_card(card, "Mutasi", hr_officer)
    assert mailoutbox == []


def test_a_change_that_rolls_back_tells_nobody(card, hr_officer, mailoutbox,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.revoke_card(card, "Mutasi", hr_officer)
    assert callbacks  # the notice waits for the commit, which here never comes
    assert outbox.flush(timeout=10)
    assert mailoutbox == []


def test_the_job_carries_plain_fields_and_rebuilds_the_whole_message():
    message = EmailMultiAlternatives(
        "Subjek", "Isi", "MySAPK <no-reply@mysapk.local>", ["a@contoh.go.id"],
        bcc=["b@contoh.go.id"], reply_to=["c@contoh.go.id"], headers={"X-Kind": "tes"},
    )  # fmt: skip
    message.attach_alternative("<p>Isi</p>", "text/html")

    fields = outbox.fields_of(message)
    rebuilt = outbox.message_from_fields(fields)

    assert fields == {**fields}  # plain JSON-able values only
    for name in ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to", "extra_headers"):
        assert getattr(rebuilt, name) == getattr(message, name)
    assert [tuple(a) for a in rebuilt.alternatives] == [("<p>Isi</p>", "text/html")]


def test_send_later_runs_the_send_job_here_without_a_broker(mailoutbox, monkeypatch):
    ran = []
    monkeypatch.setattr(send_email, "run", lambda fields: ran.append(fields) or None)
    outbox.send_later(EmailMessage("Subjek", "Isi", to=["a@contoh.go.id"]))
    assert outbox.flush(timeout=10)
    assert ran and ran[0]["to"] == ["a@contoh.go.id"]


def test_a_mail_server_that_fails_for_a_while_is_tried_again(mailoutbox, monkeypatch):
    real_send, failures = EmailMessage.send, [smtplib.SMTPServerDisconnected("putus")]

    def flaky_send(message, *args):
        if failures:
            raise failures.pop()
        return real_send(message, *args)

    monkeypatch.setattr(EmailMessage, "send", flaky_send)
    outbox.send_later(EmailMessage("Subjek", "Isi", to=["a@contoh.go.id"]))
    assert outbox.flush(timeout=30)
    assert [m.subject for m in mailoutbox] == ["Subjek"]


def test_an_unreachable_broker_falls_back_to_sending_from_this_process(mailoutbox, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setitem(send_email.app.conf, "task_always_eager", False)
    monkeypatch.setattr(send_email, "delay", refuse)
    outbox.send_later(EmailMessage("Subjek", "Isi", to=["a@contoh.go.id"]))
    assert outbox.flush(timeout=30)
    assert [m.subject for m in mailoutbox] == ["Subjek"]
