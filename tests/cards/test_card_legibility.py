"""Every piece of text on the card is big enough to read, measured in the rendered PDF.

The floor: 5.5 pt for labels, headings and notes, 6.5 pt for the holder's data. Sizes are
read back from the PDF with pdfium's text API (font size times the text's transformation),
not from the stylesheet, so whatever the layout does on the way is included.
"""

import ctypes
import dataclasses
import math
import re

import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from accounts.nip import format_nip
from cards import rendering
from cards.samples import sample_face
from tests.cards.test_rendering import PANJANG_NYATA

LABEL_MIN_PT = 5.5
VALUE_MIN_PT = 6.5
TOLERANCE_PT = 0.01

SITI = sample_face()
PPPK = dataclasses.replace(
    SITI, asn_type="PPPK", rank_label="Golongan IX", full_name="Siti Nurhaliza Rahmawati, S.Pd."
)
FACES = {"pns": SITI, "pppk": PPPK, "panjang-nyata": PANJANG_NYATA}


def printed_chars(pdf: bytes, page_index: int) -> list[tuple[str, float]]:
    """(character, size in pt) for every character drawn on the page, whitespace left out."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text_page = document[page_index].get_textpage()
        chars = []
        for index in range(text_page.count_chars()):
            if pdfium.FPDFText_IsGenerated(text_page, index):
                continue
            char = chr(pdfium.FPDFText_GetUnicode(text_page, index))
            if char.isspace():
                continue
            matrix = pdfium.FS_MATRIX()
            pdfium.FPDFText_GetMatrix(text_page, index, ctypes.byref(matrix))
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            chars.append((char, pdfium.FPDFText_GetFontSize(text_page, index) * scale))
        return chars
    finally:
        document.close()


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def values_printed(face: rendering.CardFace, side: str) -> list[str]:
    if side == "depan":
        return [face.full_name, format_nip(face.nip), face.position, face.agency]
    return [
        face.card_number,
        face.rank_label,
        face.work_unit,
        rendering.format_date_id(face.issued_on),
    ]


def sizes_of(value: str, chars: list[tuple[str, float]]) -> list[float]:
    text = "".join(char for char, _ in chars)
    start = text.find(squashed(value))
    assert start >= 0, f"{value!r} is not printed in full"
    return [size for _, size in chars[start : start + len(squashed(value))]]


@pytest.mark.parametrize("face", FACES.values(), ids=FACES)
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_no_text_on_the_card_is_smaller_than_the_label_floor(face, orientation):
    pdf = rendering.render_pdf(face, orientation)

    for page_index, side in enumerate(rendering.SIDES):
        chars = printed_chars(pdf, page_index)
        assert len(chars) > 100
        smallest = min(chars, key=lambda item: item[1])
        assert smallest[1] >= LABEL_MIN_PT - TOLERANCE_PT, (side, smallest)


@pytest.mark.parametrize("face", FACES.values(), ids=FACES)
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_the_holders_data_is_printed_at_6_5_pt_or_more(face, orientation):
    pdf = rendering.render_pdf(face, orientation)

    for page_index, side in enumerate(rendering.SIDES):
        chars = printed_chars(pdf, page_index)
        for value in values_printed(face, side):
            assert min(sizes_of(value, chars)) >= VALUE_MIN_PT - TOLERANCE_PT, (side, value)


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_the_card_says_what_it_is_in_its_title(orientation):
    pdf = rendering.render_pdf(SITI, orientation)

    for page_index in range(2):
        title = sizes_of("KARTU ASN VIRTUAL", printed_chars(pdf, page_index))
        assert min(title) >= 9  # the largest text on the card
        assert min(sizes_of("PNS", printed_chars(pdf, 0))) >= VALUE_MIN_PT


def test_the_reading_is_real_a_tiny_text_would_be_caught():
    """The measurement itself: WeasyPrint's sizes come back as set in the stylesheet."""
    chars = printed_chars(rendering.render_pdf(SITI, "landscape", ("depan",)), 0)

    assert sizes_of("KARTU ASN VIRTUAL", chars)[0] == pytest.approx(9.5, abs=0.01)
    assert sizes_of("NIP", chars)[0] == pytest.approx(5.5, abs=0.01)
