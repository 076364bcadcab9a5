"""What the login machinery records: logged-in browsers and QR-login codes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LoginSession(models.Model):
    """A browser logged in to an employee's account, for "Perangkat yang masuk".

    Recorded at login (accounts.login.devices); the session itself lives in the session store,
    so a row whose session has ended is stale and is pruned when the list is shown.
    """

    class Via(models.TextChoices):
        PASSWORD = "password", _("NIP dan kata sandi")
        QR = "qr", _("kode QR dari ponsel")

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="login_sessions",
        verbose_name=_("pegawai"),
    )
    session_key = models.CharField(_("kunci sesi"), max_length=40, unique=True)
    browser = models.CharField(_("peramban"), max_length=40, blank=True)
    platform = models.CharField(_("sistem operasi"), max_length=40, blank=True)
    address = models.GenericIPAddressField(_("alamat jaringan"), null=True, blank=True)
    via = models.CharField(_("cara masuk"), max_length=10, choices=Via.choices)
    created_at = models.DateTimeField(_("masuk pada"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("terakhir aktif"), default=timezone.now)

    class Meta:
        verbose_name = _("perangkat yang masuk")
        verbose_name_plural = pgettext_lazy("plural", "perangkat yang masuk")
        ordering = ["-last_seen_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.browser}/{self.platform} {self.created_at:%Y-%m-%d %H:%M}"


class QrLoginRequest(models.Model):
    """A computer asking to be logged in by a phone that scans its QR code.

    Only a SHA-256 of the code and of the asking session's key is stored. Approved, refused
    and used rows are kept as the record of who let which browser in, and when. The number is
    shown in the clear beside the QR on the computer, so storing it plainly gives nothing away.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REFUSED = "refused", _("Ditolak")
        MISMATCH = "mismatch", _("Ditolak: angka yang dipilih salah")
        USED = "used", _("Sudah dipakai untuk masuk")
        EXPIRED = "expired", _("Kedaluwarsa")

    code_hash = models.CharField(_("hash kode"), max_length=64, unique=True)
    session_hash = models.CharField(_("hash sesi peminta"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    number = models.PositiveSmallIntegerField(_("angka di komputer"))
    number_choices = models.CharField(_("angka pilihan di ponsel"), max_length=20)
    browser = models.CharField(_("peramban"), max_length=40, blank=True)
    platform = models.CharField(_("sistem operasi"), max_length=40, blank=True)
    address = models.GenericIPAddressField(_("alamat jaringan"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"), db_index=True)
    scanned_at = models.DateTimeField(_("dipindai"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="qr_login_decisions",
        verbose_name=_("disetujui/ditolak oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    approver_session_started_at = models.DateTimeField(
        _("sesi penyetuju dimulai"), null=True, blank=True
    )
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan masuk dengan QR")
        verbose_name_plural = pgettext_lazy("plural", "permintaan masuk dengan QR")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d %H:%M}"
