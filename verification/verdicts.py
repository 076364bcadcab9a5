"""How each outcome is told to the person who scanned: words first, colour and icon second."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Employee
from verification.tokens import Outcome, Status


@dataclass(frozen=True)
class Verdict:
    tone: str  # ok / warn / bad: the colour, never the only signal
    icon: str  # name of the drawing in verification/_icon.html
    title: str
    explanation: str


EXPLANATIONS = {
    Status.VALID: gettext_lazy(
        "Kartu ini diterbitkan melalui MySAPK dan pemiliknya tercatat sebagai ASN aktif. "
        "Cocokkan foto dan nama di bawah dengan orang yang menunjukkan kartu."
    ),
    Status.NOT_ACTIVE: gettext_lazy(
        "Kartu ini terdaftar, tetapi pemiliknya tidak lagi berstatus ASN aktif. Kartu tidak "
        "berlaku sebagai tanda pengenal ASN aktif."
    ),
    Status.REVOKED: gettext_lazy(
        "Kartu ini sudah dicabut oleh instansi pemiliknya dan tidak berlaku lagi."
    ),
    Status.REPLACED: gettext_lazy(
        "Kode QR ini milik kartu lama yang sudah diganti dengan kartu baru. Kartu lama tidak "
        "berlaku; mintalah pemilik menunjukkan kartu terbarunya."
    ),
    Status.NOT_FOUND: gettext_lazy(
        "Kode QR ini tidak terdaftar di MySAPK. Kartu ini mungkin palsu, atau tautannya "
        "terpotong. Pindai ulang kode QR langsung dari kartu."
    ),
}


def verdict(outcome: Outcome) -> Verdict:
    status = outcome.status
    if status == Status.VALID:
        tone, icon, title = "ok", "check", _("KARTU SAH — PEGAWAI AKTIF")
    elif status == Status.NOT_ACTIVE:
        reason = _inactive_reason(outcome.employee)
        tone, icon = "warn", "warning"
        title = _("PEGAWAI TIDAK AKTIF (%(reason)s)") % {"reason": reason}
    elif status == Status.REVOKED:
        tone, icon, title = "bad", "cross", _("KARTU DICABUT")
    elif status == Status.REPLACED:
        tone, icon, title = "bad", "replaced", _("KARTU SUDAH DIGANTI DENGAN KARTU BARU")
    else:
        tone, icon, title = "bad", "question", _("KARTU TIDAK DITEMUKAN")
    return Verdict(tone, icon, title, str(EXPLANATIONS[status]))


def employment_words(employee: Employee) -> str:
    """The status line: Aktif, or Tidak Aktif with the category ("Tidak Aktif (pensiun)")."""
    if employee.employment_status() == Employee.Status.ACTIVE:
        return _("Aktif")
    return _("Tidak Aktif (%(reason)s)") % {"reason": _inactive_reason(employee)}


def _inactive_reason(employee: Employee) -> str:
    """The category in lower case: pensiun, diberhentikan, meninggal dunia, …"""
    return str(Employee.Status(employee.employment_status()).label).lower()
