"""Who has a card: an active employee whose start date (TMT PNS / PPPK contract start) has come."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Employee


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    code: str
    message: str = ""


def card_eligibility(employee: Employee, today: dt.date | None = None) -> Eligibility:
    today = today or timezone.localdate()
    status = employee.employment_status(today)
    if status != Employee.Status.ACTIVE:
        label = Employee.Status(status).label
        return Eligibility(
            False,
            "not_active",
            _(
                "Status kepegawaian Anda tercatat %(status)s, sehingga Kartu ASN Virtual tidak "
                "tersedia. Jika data ini keliru, hubungi pengelola kepegawaian di instansi Anda."
            )
            % {"status": label.lower()},
        )
    if employee.start_date is None:
        return Eligibility(
            False,
            "no_start_date",
            _(
                "Tanggal mulai tugas (TMT) Anda belum tercatat. Kartu ASN Virtual terbit otomatis "
                "setelah pengelola kepegawaian di instansi Anda melengkapi data TMT."
            ),
        )
    if employee.start_date > today:
        return Eligibility(
            False,
            "not_started",
            _(
                "Kartu ASN Virtual Anda akan terbit otomatis mulai %(date)s, yaitu tanggal mulai "
                "tugas (TMT) Anda."
            )
            % {"date": date_format(employee.start_date, "j F Y")},
        )
    return Eligibility(True, "eligible")
