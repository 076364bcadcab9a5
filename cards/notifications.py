"""E-mail that tells a holder their card changed: revoked, re-issued, a new photo.

Called once the change has committed (cards.services), so a change that rolls back tells
nobody. Written in Indonesian, the portal's language, whoever made the change: the officer's
choice of English in the admin says nothing about the holder's.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import outbox
from cards.models import Card


def card_revoked(card: Card) -> None:
    _tell_holder(card, _("Kartu ASN Virtual Anda dicabut"), "revoked")


def card_reissued(card: Card) -> None:
    _tell_holder(card, _("Kartu ASN Virtual Anda diterbitkan ulang"), "reissued")


def photo_changed(card: Card) -> None:
    _tell_holder(card, _("Foto Kartu ASN Virtual Anda diganti"), "photo_changed")


def _tell_holder(card: Card, subject, template: str) -> None:
    employee = card.employee
    if not employee.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "employee": employee,
            "card": card,
            "card_url": settings.PUBLIC_BASE_URL + reverse("cards:card"),
        }
        message = EmailMessage(
            subject=str(subject),
            body=render_to_string(f"cards/email/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[employee.email],
        )
    outbox.send_later(message)
