"""Text that is printed on a card or shown as a name: only characters a person can see.

Unicode format characters (category Cf: bidirectional overrides like U+202E, zero-width
spaces, joiners) and control characters change how text is drawn without being visible:
a reversed name, or a name of 150 zero-width spaces that prints blank. They are refused,
not silently removed, so what an officer typed and what the card prints are the same.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

INVISIBLE_CATEGORIES = {"Cf", "Cc", "Co", "Cs", "Cn"}


def validate_visible_text(value: str) -> None:
    hidden = sorted({c for c in value if unicodedata.category(c) in INVISIBLE_CATEGORIES})
    if hidden:
        raise ValidationError(
            _("Berisi karakter tak terlihat (%(codes)s); ketik ulang tanpa karakter itu."),
            code="invisible_character",
            params={"codes": ", ".join(f"U+{ord(c):04X}" for c in hidden)},
        )
    if value and not value.strip():
        raise ValidationError(_("Tidak boleh hanya berisi spasi."), code="blank")


validate_unit_code = RegexValidator(
    re.compile(r"^[A-Z0-9-]+\Z"),
    _("Kode unit hanya boleh berisi huruf kapital A–Z, angka 0–9 dan tanda hubung."),
    code="unit_code",
)
