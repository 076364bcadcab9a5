"""The NIP (Nomor Induk Pegawai) and the NI PPPK: 18 digits that encode who the employee is.

PNS:  YYYYMMDD (birth date) + YYYYMM (TMT CPNS) + G (1 male, 2 female) + NNN (sequence).
PPPK: YYYYMMDD (birth date) + six digits of appointment data + G + NNN; only the birth
      date and the gender digit are certain, so only those are checked.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIP_PATTERN = re.compile(r"^\d{18}$")
GENDER_DIGITS = {"1": "L", "2": "P"}


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nip_birth_date(nip: str) -> dt.date | None:
    return _date_or_none(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))


def nip_gender(nip: str) -> str | None:
    return GENDER_DIGITS.get(nip[14])


def validate_nip(nip: str, asn_type: str = "PNS", today: dt.date | None = None) -> None:
    """Check the structure of a NIP (PNS) or NI PPPK on its own."""
    today = today or dt.date.today()
    if not NIP_PATTERN.match(nip or ""):
        raise ValidationError(_("NIP harus terdiri dari tepat 18 angka."), code="nip_format")
    birth = nip_birth_date(nip)
    if birth is None or not (1930 <= birth.year and birth <= today):
        raise ValidationError(
            _("Delapan angka pertama NIP bukan tanggal lahir yang sah."), code="nip_birth_date"
        )
    if asn_type == "PNS":
        year, month = int(nip[8:12]), int(nip[12:14])
        if not (1 <= month <= 12) or year < birth.year + 15 or year > today.year + 1:
            raise ValidationError(
                _("Angka ke-9 sampai ke-14 NIP bukan tahun dan bulan pengangkatan yang sah."),
                code="nip_appointment",
            )
    if nip_gender(nip) is None:
        raise ValidationError(
            _("Angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)."), code="nip_gender"
        )
    if nip[15:18] == "000":
        raise ValidationError(_("Nomor urut NIP tidak boleh 000."), code="nip_sequence")


def validate_nip_matches(nip: str, birth_date: dt.date | None, gender: str | None) -> None:
    """Check that a structurally valid NIP agrees with the stored birth date and gender."""
    errors = []
    if birth_date and nip_birth_date(nip) != birth_date:
        errors.append(
            ValidationError(
                _("Tanggal lahir di NIP tidak sama dengan tanggal lahir yang tercatat."),
                code="nip_birth_date_mismatch",
            )
        )
    if gender and nip_gender(nip) != gender:
        errors.append(
            ValidationError(
                _("Digit jenis kelamin di NIP tidak sama dengan jenis kelamin yang tercatat."),
                code="nip_gender_mismatch",
            )
        )
    if errors:
        raise ValidationError(errors)


def format_nip(nip: str) -> str:
    """Group a NIP the way it is printed: 19860926 201505 1 001; anything else as given."""
    if not NIP_PATTERN.fullmatch(nip or ""):
        return nip
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"


def mask_nip(nip: str) -> str:
    """The NIP as a stranger may see it: the birth date hidden, 19860926 → ••••••••.

    The rest (appointment month, gender digit, sequence) is enough to compare with the card
    in hand; the birth date is personal data the verifier does not need.
    """
    grouped = format_nip(nip)
    if grouped == nip:
        return nip
    return "••••••••" + grouped[8:]
