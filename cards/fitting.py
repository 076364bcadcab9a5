"""Choose font-size classes so that long names and agencies fit their box on the card.

The card has fixed regions, so a long value must wrap onto more lines and, when that is not
enough, use a smaller type size. WeasyPrint cannot be asked "does this fit?" cheaply, so we
estimate it here with the shipped font's real glyph widths and a greedy word wrap, the same
way the browser and WeasyPrint break lines. The estimate is kept a little pessimistic
(``SAFETY``), and tests check the real layout.

The boxes and font sizes themselves are in ``cards/layouts.py``, mirrored by the ``ukuran-N``
classes of ``static/css/card.css``; change both together (and bump ``TEMPLATE_VERSION``).
"""

import functools
import math
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
PT_TO_MM = 25.4 / 72
# Kerning, rounding and slightly different break rules can make real lines a bit longer.
SAFETY = 1.04


ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Field:
    """A value printed in a box of a given width, in one of several font sizes.

    ``last_resort_pt`` are smaller sizes, below the card's legibility floor, that a value may
    take only when it can be neither shortened nor fitted otherwise (a name far beyond any
    real one).
    """

    width_mm: float
    sizes_pt: tuple[float, ...]
    weight: int = 600
    line_height: float = 1.18
    max_lines: int = 3
    max_height_mm: float = 1000.0
    may_shorten: bool = True
    last_resort_pt: tuple[float, ...] = ()

    def size_pt(self, step: int) -> float:
        return (self.sizes_pt + self.last_resort_pt)[step]

    def steps(self, last_resort: bool = False) -> int:
        return len(self.sizes_pt) + (len(self.last_resort_pt) if last_resort else 0)

    def lines(self, text: str, step: int) -> int:
        return line_count(text, self.width_mm, self.size_pt(step), self.weight)

    def height_mm(self, text: str, step: int) -> float:
        return self.lines(text, step) * self.size_pt(step) * self.line_height * PT_TO_MM


@functools.cache
def _advances(weight: int) -> tuple[dict[int, int], int, int]:
    font = TTFont(FONT_DIR / f"plus-jakarta-sans-latin-{weight}-normal.woff2")
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    # Characters outside the latin subset fall back to another font; assume a wide glyph.
    fallback = hmtx[cmap[ord("M")]][0]
    return widths, fallback, font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float, weight: int) -> float:
    widths, fallback, units = _advances(weight)
    total = sum(widths.get(ord(char), fallback) for char in text)
    return total / units * size_pt * PT_TO_MM * SAFETY


def line_count(text: str, width_mm: float, size_pt: float, weight: int) -> int:
    """How many lines a greedy word wrap needs; over-long words break anywhere."""
    lines, current = 0, 0.0
    space = text_width_mm(" ", size_pt, weight)
    for word in text.split():
        word_width = text_width_mm(word, size_pt, weight)
        if current and current + space + word_width <= width_mm:
            current += space + word_width
            continue
        lines += 1 if current else 0
        # A word wider than the box is broken (CSS overflow-wrap: anywhere).
        extra_lines = max(0, math.ceil(word_width / width_mm) - 1)
        lines += extra_lines
        current = word_width - extra_lines * width_mm
    return lines + (1 if current else 0)


def fit_sizes(
    values: dict[str, str], fields: dict[str, Field], budget_mm: float, last_resort: bool = False
) -> dict[str, int]:
    """Pick a size step per field: as large as possible, within each field's own limits and,
    all together, within the block's height budget (fixed rows already taken off).

    Returns {field name: step index}; a larger index is a smaller font.
    """
    steps = dict.fromkeys(fields, 0)

    def height(name: str) -> float:
        return fields[name].height_mm(values[name], steps[name])

    def can_shrink(name: str) -> bool:
        return steps[name] + 1 < fields[name].steps(last_resort)

    for name, field in fields.items():
        while can_shrink(name) and (
            field.lines(values[name], steps[name]) > field.max_lines
            or height(name) > field.max_height_mm
        ):
            steps[name] += 1
    while sum(height(name) for name in fields) > budget_mm:
        shrinkable = [name for name in fields if can_shrink(name)]
        if not shrinkable:
            break
        # Every field down to its smallest regular size before any takes a last-resort one.
        regular = [name for name in shrinkable if steps[name] + 1 < len(fields[name].sizes_pt)]
        steps[max(regular or shrinkable, key=height)] += 1
    return steps


def fit_block(
    values: dict[str, str], fields: dict[str, Field], budget_mm: float
) -> tuple[dict[str, int], dict[str, str]]:
    """Like ``fit_sizes``, and when even the smallest type overflows (values near the
    database limits), shorten the tallest value that may be shortened, word by word, with an
    ellipsis. The name is never shortened; the verification page always shows values in full.

    First values are shortened only while they take more than one line; only then may a
    field use its last-resort sizes, and only after that is any value cut down further.
    Returns (size steps, values as printed).
    """
    values = dict(values)
    for last_resort, min_lines in ((False, 2), (True, 1)):
        while True:
            steps = fit_sizes(values, fields, budget_mm, last_resort)
            heights = {
                name: field.height_mm(values[name], steps[name]) for name, field in fields.items()
            }
            if sum(heights.values()) <= budget_mm:
                return steps, values
            candidates = [
                name for name, field in fields.items()
                if field.may_shorten and len(values[name].split()) > 1
                and field.lines(values[name], steps[name]) >= min_lines
            ]  # fmt: skip
            if not candidates:
                break
            tallest = max(candidates, key=heights.__getitem__)
            words = values[tallest].removesuffix(ELLIPSIS).split()
            values[tallest] = " ".join(words[:-1]) + ELLIPSIS
    return steps, values
