"""Render the ASN card: HTML/CSS template → PDF (WeasyPrint) → PNG (pypdfium2).

Pure functions of a ``CardFace``: no database, no request, no network. One template per
side and orientation (``cards/templates/cards/card/``) styled by ``static/css/card.css`` is
the single source of truth for the browser preview, the PDF, the PNG and the print sheet.
"""

import base64
import datetime
import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from django.template import Context, Engine
from django.utils.safestring import mark_safe

from accounts.nip import format_nip
from accounts.qr_codes import qr_png_data_uri
from cards.layouts import fit_side
from cards.raster import pdf_page_png
from cards.weasy import (
    PHOTO_URL,
    STATIC_DIR,
    CardHTML,
    StaticOnlyFetcher,
    font_config,
    image_type,
    static_fetcher,
    stylesheets,
)

# Part of the render cache key: bump it whenever a template, card.css or an image changes.
TEMPLATE_VERSION = "2026.11.3"
SIDES = ("depan", "belakang")
ORIENTATIONS = ("portrait", "landscape")
__all__ = [
    "ORIENTATIONS", "SIDES", "TEMPLATE_VERSION", "CardFace", "card_html", "format_date_id",
    "render_document", "render_pdf", "render_print_sheet", "render_print_sheet_document",
    "render_sides",
]  # fmt: skip

BASE_DIR = Path(__file__).resolve().parent.parent
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
_BETWEEN_TAGS = re.compile(r">\s+<")
# The shared font configuration and pdfium must not be used by two threads at once (threaded
# servers); renders are CPU-bound under the GIL anyway, so taking turns costs nothing.
_RENDERING = threading.RLock()


def _one_at_a_time(render):
    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        with _RENDERING:
            return render(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class CardFace:
    """Everything printed on the card."""

    full_name: str
    nip: str
    asn_type: str
    position: str
    agency: str
    work_unit: str
    rank_label: str
    card_number: str
    issued_on: datetime.date
    verify_url: str
    photo: bytes | None = None


def format_date_id(day: datetime.date) -> str:
    """Indonesian long date, whatever the active locale: "25 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def number_label(asn_type: str) -> str:
    """A PPPK's 18 digits are a "Nomor Induk PPPK", not a NIP."""
    return "NI PPPK" if asn_type == "PPPK" else "NIP"


def card_html(face: CardFace, orientation: str, side: str, *, photo_src: str | None = None) -> str:
    """The markup of one side: a self-contained ``<div class="kartu …">`` fragment.

    ``photo_src`` lets the browser preview point at a photo URL; by default the photo is
    embedded as a data: URI so the fragment needs nothing else.
    """
    _check(orientation, side)
    if photo_src is None and face.photo:
        photo_src = _data_uri(face.photo)
    sizes, values = fit_side(
        {
            name: getattr(face, name)
            for name in ("full_name", "position", "agency", "work_unit", "rank_label")
        },
        orientation,
        side,
    )
    context = {
        "orientation": orientation,
        "side": side,
        "face": face,
        "nip_grouped": format_nip(face.nip),
        "number_label": number_label(face.asn_type),
        "issued_on_text": format_date_id(face.issued_on),
        "size": sizes,
        "values": values,
        "photo_src": photo_src,
        "qr_src": qr_png_data_uri(face.verify_url) if side == "depan" else "",
    }
    markup = _render_template(f"cards/card/{orientation}_{side}.html", context)
    # Indentation between tags only costs the HTML parser time; spaces that matter sit
    # inside the text of the templates.
    return _BETWEEN_TAGS.sub("><", markup).strip()


@_one_at_a_time
def render_document(face: CardFace, orientation: str, sides=SIDES) -> weasyprint.Document:
    """The laid-out card, one page per side (also used by tests to inspect the layout)."""
    photo_src = PHOTO_URL if face.photo else None
    pages = [mark_safe(card_html(face, orientation, side, photo_src=photo_src)) for side in sides]
    html = _render_template("cards/card/_dokumen.html", {"face": face, "pages": pages})
    return _html(html, face.photo).render(
        stylesheets=[stylesheets()["card"], stylesheets()[orientation]],
        font_config=font_config(),
    )


@_one_at_a_time
def render_pdf(face: CardFace, orientation: str, sides=SIDES) -> bytes:
    """A PDF with one page per side, each page exactly the ID-1 card size."""
    return render_document(face, orientation, sides).write_pdf()


@_one_at_a_time
def render_sides(face: CardFace, orientation: str, dpi: int = 300) -> dict[str, bytes]:
    """Every per-side download from one layout of the card: depan/belakang as PDF and PNG.

    Laying out both sides once and writing each page on its own costs far less than four
    separate renders, and each file is what render_pdf would give for that side alone.
    """
    document = render_document(face, orientation)
    files = {}
    for side, page in zip(SIDES, document.pages, strict=True):
        pdf = document.copy([page]).write_pdf()
        files[f"{side}.pdf"] = pdf
        files[f"{side}.png"] = pdf_page_png(pdf, dpi)
    return files


@_one_at_a_time
def render_print_sheet(face: CardFace, orientation: str) -> bytes:
    """An A4 PDF: both sides at true size with cut marks, a 50 mm check bar, instructions."""
    return render_print_sheet_document(face, orientation).write_pdf()


@_one_at_a_time
def render_print_sheet_document(face: CardFace, orientation: str) -> weasyprint.Document:
    _check(orientation, SIDES[0])
    photo_src = PHOTO_URL if face.photo else None
    context = {
        "face": face,
        "orientation": orientation,
        "nip_grouped": format_nip(face.nip),
        "sides": [
            {
                "label": label,
                "html": mark_safe(card_html(face, orientation, side, photo_src=photo_src)),
            }
            for side, label in zip(SIDES, ("Sisi depan", "Sisi belakang"), strict=True)
        ],
        "scale_ticks": ("0", "10", "20", "30", "40", "50"),
    }
    html = _render_template("cards/card/lembar_cetak.html", context)
    # The sheet has headings and a numbered list: WeasyPrint's full HTML stylesheet.
    return _html(html, face.photo, weasyprint.HTML).render(
        stylesheets=[stylesheets()["card"], stylesheets()["a4"]], font_config=font_config()
    )


def _check(orientation: str, side: str) -> None:
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}")
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}")


def _data_uri(image: bytes) -> str:
    return f"data:{image_type(image)};base64,{base64.b64encode(image).decode('ascii')}"


# ---- Templates and HTML ------------------------------------------------------------------

# A template engine of our own: the card renders the same with or without Django settings
# (management commands, benchmarks, tests), and always in Indonesian, since it is a document.
_engine = Engine(
    dirs=[str(BASE_DIR / "cards" / "templates")],
    loaders=[
        ("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])
    ],
    autoescape=True,
)


def _render_template(name: str, context: dict) -> str:
    return _engine.get_template(name).render(Context(context, autoescape=True))


def _html(markup: str, photo: bytes | None, html_class=CardHTML) -> weasyprint.HTML:
    fetcher = StaticOnlyFetcher(photo) if photo else static_fetcher()
    return html_class(string=markup, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
