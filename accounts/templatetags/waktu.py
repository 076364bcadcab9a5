"""One way to write a time across the portal and the verification pages: "10.41 WIB".

Indonesian separates hours and minutes with a period, and every time shown is Jakarta time
(settings.TIME_ZONE), whatever zone the value was stored in.
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


def _wib(value: datetime) -> datetime:
    return timezone.localtime(value, timezone.get_default_timezone())


@register.filter
def jam(value: datetime | None) -> str:
    """10.41 WIB"""
    return f"{_wib(value):%H.%M} WIB" if value else ""


@register.filter
def tanggal_jam(value: datetime | None) -> str:
    """30 November 2026, 10.41 WIB (month names in the active language)."""
    return f"{date_format(_wib(value), 'j F Y')}, {jam(value)}" if value else ""
