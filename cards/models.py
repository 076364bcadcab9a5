import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Upper-case letters and digits without look-alikes (0/O, 1/I/L): easy to read aloud.
TOKEN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TOKEN_LENGTH = 26  # 26 × log2(31) ≈ 128.8 bits


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def new_card_number() -> str:
    part = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(8))
    return f"KASN-{timezone.localdate().year}-{part[:4]}-{part[4:]}"


def _private_path(folder: str, extension: str) -> str:
    # Unguessable names: files are never served by path, but a leak of one name must not
    # lead to the others.
    return f"{folder}/{secrets.token_urlsafe(24)}.{extension}"


def photo_source_path(instance, filename):
    return _private_path("photos/source", "jpg")


def photo_image_path(instance, filename):
    return _private_path("photos/card", "jpg")


def render_path(instance, filename):
    return _private_path("renders", filename.rsplit(".", 1)[-1])


class Card(models.Model):
    class Orientation(models.TextChoices):
        PORTRAIT = "portrait", _("Portrait")
        LANDSCAPE = "landscape", _("Landscape")

    employee = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="card", verbose_name=_("pegawai")
    )
    number = models.CharField(_("nomor kartu"), max_length=24, unique=True, default=new_card_number)
    token = models.CharField(
        _("token verifikasi"), max_length=32, unique=True, default=new_token, editable=False
    )
    orientation = models.CharField(
        _("tata letak"), max_length=10, choices=Orientation.choices, default=Orientation.PORTRAIT
    )
    photo = models.ForeignKey(
        "PhotoVersion",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foto kartu"),
    )
    revision = models.PositiveIntegerField(_("revisi"), default=1)
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoke_reason = models.CharField(_("alasan pencabutan"), max_length=200, blank=True)
    # The signed QR payload (cards.signing): the card's place in the status list, given for
    # one token (a re-issue gets a new place), and the payload with what it was signed over.
    status_index = models.PositiveBigIntegerField(
        null=True, blank=True, unique=True, editable=False
    )
    status_token = models.CharField(max_length=32, blank=True, editable=False)
    qr_payload = models.TextField(blank=True, editable=False)
    qr_signed_over = models.CharField(max_length=64, blank=True, editable=False)
    qr_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kartu ASN")
        verbose_name_plural = pgettext_lazy("plural", "kartu ASN")

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class RetiredToken(models.Model):
    """A token of an earlier issue of a card: its printout now verifies as replaced."""

    card = models.ForeignKey(Card, models.CASCADE, related_name="retired_tokens")
    token = models.CharField(max_length=32, unique=True)
    number = models.CharField(_("nomor kartu lama"), max_length=24)
    retired_at = models.DateTimeField(default=timezone.now)
    status_index = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("token lama")
        verbose_name_plural = pgettext_lazy("plural", "token lama")

    def __str__(self) -> str:
        return self.number


class StatusListSlot(models.Model):
    """A place in the status list: its id is the index a signed payload carries."""

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.pk)


class PhotoVersion(models.Model):
    """Every upload: a candidate until confirmed, then the card photo, then history."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Calon")
        CURRENT = "current", _("Dipakai")
        HISTORY = "history", _("Riwayat")

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="photos", verbose_name=_("pegawai")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.FileField(_("foto sumber"), upload_to=photo_source_path)
    image = models.FileField(_("foto kartu"), upload_to=photo_image_path)
    source_width = models.PositiveIntegerField()
    source_height = models.PositiveIntegerField()
    crop_left = models.FloatField(default=0)
    crop_top = models.FloatField(default=0)
    crop_width = models.FloatField(default=1)
    crop_height = models.FloatField(default=1)
    uploaded_at = models.DateTimeField(_("diunggah"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("dipakai sejak"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    # What the photo assistant measured at upload (cards.photo_checks.measure).
    checks = models.JSONField(_("hasil pemeriksaan foto"), default=dict, blank=True)

    class Meta:
        verbose_name = _("versi foto")
        verbose_name_plural = pgettext_lazy("plural", "versi foto")
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["employee", "status"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.uploaded_at:%Y-%m-%d %H:%M}"

    def findings(self) -> list:
        """The photo assistant's advice on this photo as it is cropped now."""
        from cards.photo_checks import findings

        crop = (self.crop_left, self.crop_top, self.crop_width, self.crop_height)
        return findings(self.checks, crop, self.source_width / max(1, self.source_height))


class CardEvent(models.Model):
    """The audit trail of a card: what happened, who did it, when."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Kartu diterbitkan")
        PHOTO_CHANGED = "photo", _("Foto diganti")
        LAYOUT_CHANGED = "layout", _("Tata letak diganti")
        DATA_CHANGED = "data", _("Data pada kartu berubah")
        REVOKED = "revoked", _("Kartu dicabut")
        REISSUED = "reissued", _("Kartu diterbitkan ulang")

    card = models.ForeignKey(Card, models.CASCADE, related_name="events")
    kind = models.CharField(_("peristiwa"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    revision = models.PositiveIntegerField(_("revisi"))
    detail = models.JSONField(_("rincian"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("riwayat kartu")
        verbose_name_plural = pgettext_lazy("plural", "riwayat kartu")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.card})"


class RenderedFile(models.Model):
    """A rendered PNG or PDF, found by a key derived from everything printed on it."""

    key = models.CharField(max_length=64, unique=True)
    card = models.ForeignKey(Card, models.CASCADE, related_name="renders")
    file = models.FileField(upload_to=render_path)
    content_type = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
