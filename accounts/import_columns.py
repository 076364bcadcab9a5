"""How one spreadsheet cell becomes an employee field, and back (django-import-export widgets).

Errors are ValueErrors with a message an HR officer can act on; django-import-export turns
them into validation errors of the row.
"""

import datetime as dt

from django.utils.translation import gettext as _
from import_export.widgets import Widget

from accounts.ranks import PNS_PANGKAT, PPPK_GOLONGAN


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


FORMULA_STARTS = ("=", "+", "-", "@")


class TextWidget(Widget):
    """Free text. On export a cell that a spreadsheet would run as a formula ("=HYPERLINK…",
    CSV injection) gets a leading apostrophe, which the import takes off again."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text

    def render(self, value, obj=None, **kwargs):
        text = "" if value is None else str(value)
        if text.startswith(FORMULA_STARTS) and not text[1:].replace(" ", "").isdigit():
            return "'" + text  # "+62 812…" stays as it is: a phone number, not a formula
        return text


class NipWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float):
            # An 18-digit number does not fit in a spreadsheet number: the last digits are
            # already lost, so the value cannot be trusted.
            raise ValueError(
                _("NIP tersimpan sebagai angka sehingga digit terakhirnya hilang; "
                  "format kolom nip sebagai Teks.")
            )  # fmt: skip
        return "".join(_text(value).split())


class IsoDateWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date) or value in (None, ""):
            return value or None
        try:
            return dt.date.fromisoformat(_text(value))
        except ValueError:
            raise ValueError(
                _("“%(value)s” bukan tanggal TTTT-BB-HH (contoh: 1986-09-26).")
                % {"value": _text(value)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ChoiceWidget(Widget):
    """A value from a short list, matched without regard to case."""

    def __init__(self, choices: dict[str, str], blank: str | None = ""):
        super().__init__()
        self.by_text = {text.casefold(): code for text, code in choices.items()}
        self.allowed = ", ".join(choices)
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text and self.blank is not None:
            return self.blank
        try:
            return self.by_text[text.casefold()]
        except KeyError:
            raise ValueError(
                _("“%(value)s” tidak dikenal; isi salah satu dari: %(allowed)s.")
                % {"value": text, "allowed": self.allowed}
            ) from None


class RankWidget(Widget):
    """PNS: "III/a"; PPPK: "IX" (stored as "PPPK-IX"). Which one depends on jenis_asn."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value).replace(" ", "")
        if not text:
            return ""
        asn_type = _text((row or {}).get("jenis_asn")).upper()
        if asn_type == "PPPK":
            roman = text.upper().removeprefix("PPPK-")
            if roman in PPPK_GOLONGAN:
                return f"PPPK-{roman}"
            message = _("Golongan “%(value)s” tidak ada untuk PPPK; isi I sampai XVII.")
        else:
            roman, _slash, letter = text.partition("/")
            code = f"{roman.upper()}/{letter.lower()}"
            if code in PNS_PANGKAT:
                return code
            message = _("Golongan “%(value)s” tidak ada untuk PNS; isi I/a sampai IV/e.")
        raise ValueError(message % {"value": _text(value)})

    def render(self, value, obj=None, **kwargs):
        return (value or "").removeprefix("PPPK-")


class UnitWidget(Widget):
    """The unit's code, looked up among the importing agency's units only."""

    def __init__(self):
        super().__init__()
        self.units: dict[str, object] = {}

    def clean(self, value, row=None, **kwargs):
        code = _text(value)
        if not code:
            return None
        try:
            return self.units[code.casefold()]
        except KeyError:
            raise ValueError(
                _("Kode unit “%(code)s” tidak ada di instansi ini.") % {"code": code}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""
