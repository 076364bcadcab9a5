from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cards.models import Card


class VerificationEvent(models.Model):
    """One completed verification (captcha solved): which card, when, what it said.

    Nothing about the person who checked is kept except a salted hash of their address,
    enough to spot one address hammering a card and useless for finding who they are.
    """

    class Outcome(models.TextChoices):
        VALID = "valid", _("Kartu sah, pegawai aktif")
        NOT_ACTIVE = "not_active", _("Pegawai tidak aktif")
        REVOKED = "revoked", _("Kartu dicabut")
        REPLACED = "replaced", _("Kartu lama (sudah diganti)")
        NOT_FOUND = "not_found", _("Kartu tidak ditemukan")

    card = models.ForeignKey(
        Card,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="verifications",
        verbose_name=_("kartu"),
        help_text=_("Kosong bila kode QR tidak dikenal."),
    )
    outcome = models.CharField(_("hasil"), max_length=12, choices=Outcome.choices)
    checked_at = models.DateTimeField(_("diperiksa pada"), default=timezone.now, db_index=True)
    client_hash = models.CharField(_("sidik alamat pemeriksa"), max_length=64)

    class Meta:
        verbose_name = _("verifikasi kartu")
        verbose_name_plural = pgettext_lazy("plural", "verifikasi kartu")
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["card", "-checked_at"], name="verification_card_time")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.checked_at:%Y-%m-%d %H:%M}"
