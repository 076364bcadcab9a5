"""Dates and times as the portal writes them everywhere (accounts/templatetags/waktu.py):
30 November 2026, 10.41 WIB. Every time shown is Jakarta time (settings.TIME_ZONE)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = r"H.i \W\I\B"
DATETIME_FORMAT = r"j F Y, H.i \W\I\B"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = r"d-m-Y H.i \W\I\B"
