"""A card's signed payload, kept with the card and renewed when what it proves has changed.

Signed lazily, when the card is drawn (preview, download, print): whatever changed what is
printed (a photo aside) — an HR edit, an import, a re-issue — or a key id no longer published,
or an expiry less than RENEW_BEFORE away, the next drawing signs anew and stores the payload.
Every path that changes a card therefore signs without knowing about signing, and a card that
is never drawn costs no signature. The render cache key includes the payload, so a new payload
is a new render.
"""

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from cards.models import Card, RetiredToken, StatusListSlot
from cards.signing import claims, keys

RENEW_BEFORE = dt.timedelta(days=30)


def signed_over(card: Card) -> str:
    """A digest of everything the payload states, to tell when it must be signed again."""
    employee = card.employee
    facts = [
        card.token, card.number, employee.full_name, employee.nip, employee.asn_type,
        employee.agency.name if employee.agency_id else "",
        employee.contract_end_date.isoformat() if employee.contract_end_date else "",
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()


def _current(card: Card, over: str, now: dt.datetime) -> bool:
    return (
        bool(card.qr_payload)
        and card.qr_signed_over == over
        and card.qr_expires_at is not None
        and card.qr_expires_at - RENEW_BEFORE > now
    )


def qr_fragment(card: Card) -> str:
    """The digits after ``#`` in the card's QR code, signing them first when needed."""
    now = timezone.now()
    over = signed_over(card)
    if _current(card, over, now):
        return card.qr_payload
    with transaction.atomic():
        locked = Card.objects.select_for_update().get(pk=card.pk)
        if not _current(locked, over, now):
            _sign(locked, card, over, now)
    card.refresh_from_db(
        fields=["status_index", "status_token", "qr_payload", "qr_signed_over", "qr_expires_at"]
    )
    return card.qr_payload


def _sign(locked: Card, card: Card, over: str, now: dt.datetime) -> None:
    if locked.status_token != locked.token:
        # A re-issue: the old payload's place now says "replaced"; this token gets its own.
        if locked.status_index is not None:
            RetiredToken.objects.filter(card=locked, token=locked.status_token).update(
                status_index=locked.status_index
            )
        locked.status_index = StatusListSlot.objects.create().pk
        locked.status_token = locked.token
    employee = card.employee
    signed = claims.CardClaims(
        card_number=card.number,
        full_name=employee.full_name,
        nip=employee.nip,
        asn_type=employee.asn_type,
        agency=employee.agency.name if employee.agency_id else "",
        status_index=locked.status_index,
        issued_at=now,
        expires_at=claims.expiry(now, employee.contract_end_date),
    )
    locked.qr_payload = claims.to_fragment(claims.sign(signed, keys.signing_key()))
    locked.qr_signed_over, locked.qr_expires_at = over, signed.expires_at
    locked.save(
        update_fields=[
            "status_index", "status_token", "qr_payload", "qr_signed_over", "qr_expires_at",
        ]
    )  # fmt: skip
