"""The same dates and times in English pages (month names in English): 30 November 2026,
10.41 WIB, so a time reads the same in both languages."""

from mysapk.formats.id.formats import (  # noqa: F401
    DATE_FORMAT,
    DATETIME_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
)
