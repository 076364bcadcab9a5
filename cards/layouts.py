"""Where the variable-length values sit on each side of the card, and how they are fitted.

Every number here is read off ``static/css/card.css`` (box widths, column heights, font
sizes of the ``ukuran-N`` classes, line heights); keep them in step with it.
"""

from cards.fitting import PT_TO_MM, Field, fit_block

NAME_SIZES = {
    "landscape": (8.6, 7.8, 7.0, 6.3, 5.6, 5.0, 4.6),
    "portrait": (8.4, 7.6, 6.9, 6.2, 5.6, 5.0, 4.6),
}
VALUE_SIZES = (6.5, 5.9, 5.3, 4.8, 4.4)

# Rows of fixed height in a data column (card.css: .kartu__label, .kartu__nip, …).
LABEL_MM = 4.2 * 1.2 * PT_TO_MM + 0.25
GAP_MM = 1.25
NIP_MM = 7 * 1.2 * PT_TO_MM
CARD_NUMBER_MM = 7.4 * 1.18 * PT_TO_MM
ISSUED_MM = 5 * 1.18 * PT_TO_MM
FRONT_FIXED_MM = LABEL_MM + NIP_MM + 2 * LABEL_MM + 3 * GAP_MM
BACK_FIXED_MM = LABEL_MM + CARD_NUMBER_MM + 2 * LABEL_MM + ISSUED_MM + 3 * GAP_MM


def _name(orientation: str, width_mm: float, max_height_mm: float = 1000.0) -> Field:
    return Field(
        width_mm,
        NAME_SIZES[orientation],
        weight=800,
        line_height=1.15,
        max_lines=3,
        max_height_mm=max_height_mm,
        may_shorten=False,
    )


def _value(width_mm: float, max_lines: int) -> Field:
    return Field(width_mm, VALUE_SIZES, weight=600, line_height=1.18, max_lines=max_lines)


# (orientation, side) -> (fields, height of the data column in mm)
LAYOUTS = {
    # Position and agency run beside the QR code, so they get the narrow width.
    ("landscape", "depan"): (
        {
            "full_name": _name("landscape", 51.6),
            "position": _value(29.1, 3),
            "agency": _value(29.1, 4),
        },
        32.3 - FRONT_FIXED_MM,
    ),
    ("portrait", "depan"): (
        {
            "full_name": _name("portrait", 46.7),
            "position": _value(46.7, 3),
            "agency": _value(46.7, 4),
        },
        31.2 - FRONT_FIXED_MM,
    ),
    ("landscape", "belakang"): (
        {"rank_label": _value(41, 2), "work_unit": _value(41, 4)},
        30.5 - BACK_FIXED_MM,
    ),
    ("portrait", "belakang"): (
        {"rank_label": _value(46.7, 2), "work_unit": _value(46.7, 4)},
        30.6 - BACK_FIXED_MM,
    ),
}


def fit_side(
    values: dict[str, str], orientation: str, side: str
) -> tuple[dict[str, str], dict[str, str]]:
    """({field: "N"} for the ``ukuran-N`` classes, {field: value as printed}) for one side."""
    fields, budget_mm = LAYOUTS[orientation, side]
    steps, printed = fit_block({name: values[name] for name in fields}, fields, budget_mm)
    return {name: str(step) for name, step in steps.items()}, printed
