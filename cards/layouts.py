"""Where the variable-length values sit on each side of the card, and how they are fitted.

Every number here is read off ``static/css/card.css`` (box widths, column heights, font
sizes of the ``ukuran-N`` classes, line heights); keep them in step with it.
"""

from cards.fitting import PT_TO_MM, Field, fit_block

# The legibility floor: the holder's data never under 6.5 pt (labels and notes: 5.5 pt).
NAME_SIZES = (8.4, 7.8, 7.2, 6.6)
NAME_LAST_RESORT = (5.8, 5.0, 4.4)  # only for names far beyond any real one
VALUE_SIZES = (7.2, 6.8, 6.5)

# Rows of fixed height in a data column (card.css: .kartu__label, .kartu__nip, …).
LABEL_MM = 5.5 * 1.2 * PT_TO_MM + 0.2
GAP_MM = 1.0
NIP_MM = 7 * 1.2 * PT_TO_MM
CARD_NUMBER_MM = 7.5 * 1.18 * PT_TO_MM
ISSUED_MM = 7 * 1.18 * PT_TO_MM
# NIP and its label, two more labels, a gap before each label but the first
FRONT_FIXED_MM = LABEL_MM + NIP_MM + 2 * LABEL_MM + 2 * GAP_MM
BACK_FIXED_MM = LABEL_MM + CARD_NUMBER_MM + 3 * LABEL_MM + ISSUED_MM + 3 * GAP_MM


def _name(width_mm: float) -> Field:
    return Field(
        width_mm,
        NAME_SIZES,
        weight=800,
        line_height=1.15,
        max_lines=6,
        may_shorten=False,
        last_resort_pt=NAME_LAST_RESORT,
    )


def _value(width_mm: float, max_lines: int) -> Field:
    return Field(width_mm, VALUE_SIZES, weight=600, line_height=1.18, max_lines=max_lines)


# (orientation, side) -> blocks of (fields, height of the block in mm); each block is fitted
# on its own.
LAYOUTS = {
    # The name on its own row over the full width; the rest between the photo and the QR.
    ("landscape", "depan"): (
        ({"full_name": _name(78.4)}, 8.1),
        ({"position": _value(32.8, 3), "agency": _value(32.8, 4)}, 29.4 - FRONT_FIXED_MM),
    ),
    ("portrait", "depan"): (
        (
            {"full_name": _name(46.78), "position": _value(46.78, 3), "agency": _value(46.78, 3)},
            35.9 - FRONT_FIXED_MM - GAP_MM,
        ),
    ),
    ("landscape", "belakang"): (
        ({"rank_label": _value(40.4, 2), "work_unit": _value(40.4, 4)}, 36.9 - BACK_FIXED_MM),
    ),
    ("portrait", "belakang"): (
        ({"rank_label": _value(46.78, 2), "work_unit": _value(46.78, 5)}, 37.2 - BACK_FIXED_MM),
    ),
}


def fit_side(
    values: dict[str, str], orientation: str, side: str
) -> tuple[dict[str, str], dict[str, str]]:
    """({field: "N"} for the ``ukuran-N`` classes, {field: value as printed}) for one side."""
    sizes, printed = {}, {}
    for fields, budget_mm in LAYOUTS[orientation, side]:
        steps, block = fit_block({name: values[name] for name in fields}, fields, budget_mm)
        sizes.update((name, str(step)) for name, step in steps.items())
        printed.update(block)
    return sizes, printed
