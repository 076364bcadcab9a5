"""A card's signed payload: made when the card is drawn, kept, and renewed when it must be."""

import datetime as dt

from cards import outputs, services
from cards.employees import update_employee
from cards.models import Card, RetiredToken
from cards.signing import card_payload, claims, keys


def read(card) -> claims.CardClaims:
    url, digits = outputs.qr_content(card).split("#")
    assert url == outputs.verify_url(card)
    return claims.verify(claims.from_fragment(digits))


def test_the_qr_holds_the_verification_url_and_a_payload_of_what_the_card_prints(card):
    signed = read(card)
    employee = card.employee

    assert (signed.card_number, signed.full_name, signed.nip) == (
        card.number, employee.full_name, employee.nip,
    )  # fmt: skip
    assert (signed.asn_type, signed.agency) == ("PNS", "Badan Kepegawaian Negara")
    assert signed.kid == keys.signing_key().kid
    assert signed.expires_at - signed.issued_at == dt.timedelta(days=365)
    assert Card.objects.get(pk=card.pk).status_index == signed.status_index


def test_the_payload_is_stored_and_reused_while_nothing_printed_changes(card):
    first = outputs.qr_content(card)

    assert outputs.qr_content(Card.objects.get(pk=card.pk)) == first
    assert Card.objects.get(pk=card.pk).qr_payload == first.split("#")[1]


def test_a_change_of_printed_data_signs_again_and_changes_the_render_key(card, hr_officer):
    before_key = outputs.render_key(outputs.printed_state(card), "depan.png")
    before = read(card)

    update_employee(card.employee, {"name": "Andi Pratama"}, hr_officer)
    card = Card.objects.get(pk=card.pk)

    assert read(card).full_name == "Andi Pratama, S.E."
    assert read(card).status_index == before.status_index
    assert outputs.render_key(outputs.printed_state(card), "depan.png") != before_key


def test_a_reissued_card_gets_a_new_place_in_the_status_list(card, hr_officer):
    old = read(card)

    card = services.reissue_card(card, hr_officer)
    new = read(card)

    assert new.card_number == card.number != old.card_number
    assert new.status_index != old.status_index
    assert RetiredToken.objects.get(card=card).status_index == old.status_index


def test_a_payload_near_its_expiry_is_renewed(card):
    read(card)
    Card.objects.filter(pk=card.pk).update(
        qr_expires_at=dt.datetime.now(dt.UTC) + card_payload.RENEW_BEFORE / 2
    )

    renewed = read(Card.objects.get(pk=card.pk))

    assert renewed.expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(days=300)


def test_a_pppk_card_expires_with_the_contract(agency, hr_officer):
    from tests.factories import EmployeeFactory

    end = dt.date.today() + dt.timedelta(days=100)
    pppk = EmployeeFactory(agency=agency, asn_type="PPPK", contract_end_date=end)
    card = services.card_for(pppk)

    signed = read(card)

    assert signed.asn_type == "PPPK"
    wib = dt.timezone(dt.timedelta(hours=7))
    assert signed.expires_at.astimezone(wib).date() == end + dt.timedelta(days=1)
