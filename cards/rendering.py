"""Render the ASN card: HTML/CSS template → PDF (WeasyPrint) → PNG (pypdfium2).

Pure functions of a ``CardFace``: no database, no request, no network. One template per
side and orientation (``cards/templates/cards/card/``) styled by ``static/css/card.css`` is
the single source of truth for the browser preview, the PDF, the PNG and the print sheet.
"""

import base64
import datetime
import functools
import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pypdfium2
import weasyprint
from django.template import Context, Engine
from django.utils.safestring import mark_safe
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cards.layouts import size_classes
from cards.qr import qr_svg

# Part of the render cache key: bump it whenever a template, card.css or an image changes.
TEMPLATE_VERSION = "2026.11.1"
SIDES = ("depan", "belakang")
ORIENTATIONS = ("portrait", "landscape")
CARD_SIZE_MM = {"landscape": (85.60, 53.98), "portrait": (53.98, 85.60)}

BASE_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = BASE_DIR / "static"
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


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


def format_nip(nip: str) -> str:
    """ "198609262015051001" -> "19860926 201505 1 001" (birth date, TMT, gender, sequence)."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def format_date_id(day: datetime.date) -> str:
    """Indonesian long date, whatever the active locale: "25 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def card_html(face: CardFace, orientation: str, side: str, *, photo_src: str | None = None) -> str:
    """The markup of one side: a self-contained ``<div class="kartu …">`` fragment.

    ``photo_src`` lets the browser preview point at a photo URL; by default the photo is
    embedded as a data: URI so the fragment needs nothing else.
    """
    _check(orientation, side)
    if photo_src is None and face.photo:
        photo_src = _data_uri(face.photo)
    values = {
        name: getattr(face, name)
        for name in ("full_name", "position", "agency", "work_unit", "rank_label")
    }
    context = {
        "orientation": orientation,
        "side": side,
        "face": face,
        "nip_grouped": format_nip(face.nip),
        "issued_on_text": format_date_id(face.issued_on),
        "size": size_classes(values, orientation, side),
        "photo_src": photo_src,
        "qr_svg": mark_safe(qr_svg(face.verify_url)) if side == "depan" else "",
    }
    return _render_template(f"cards/card/{orientation}_{side}.html", context)


def render_document(face: CardFace, orientation: str, sides=SIDES) -> weasyprint.Document:
    """The laid-out card, one page per side (also used by tests to inspect the layout)."""
    pages = [card_html(face, orientation, side) for side in sides]
    html = _render_template(
        "cards/card/_dokumen.html",
        {"face": face, "pages": [mark_safe(page) for page in pages]},
    )
    return _html(html).render(
        stylesheets=[_stylesheets()["card"], _stylesheets()[orientation]],
        font_config=_font_config(),
    )


def render_pdf(face: CardFace, orientation: str, sides=SIDES) -> bytes:
    """A PDF with one page per side, each page exactly the ID-1 card size."""
    return render_document(face, orientation, sides).write_pdf()


def render_png(face: CardFace, orientation: str, side: str, dpi: int = 300) -> bytes:
    """One side as PNG: the PDF page rasterised, so it matches the PDF exactly."""
    pdf = pypdfium2.PdfDocument(render_pdf(face, orientation, (side,)))
    try:
        image = pdf[0].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()
    output = io.BytesIO()
    # White, not transparent, corners: chat apps turn transparency into black.
    image.save(output, format="PNG", dpi=(dpi, dpi), compress_level=3)
    return output.getvalue()


def render_print_sheet(face: CardFace, orientation: str) -> bytes:
    """An A4 PDF: both sides at true size with cut marks, a 50 mm check bar, instructions."""
    _check(orientation, SIDES[0])
    context = {
        "face": face,
        "orientation": orientation,
        "nip_grouped": format_nip(face.nip),
        "sides": [
            {"label": label, "html": mark_safe(card_html(face, orientation, side))}
            for side, label in zip(SIDES, ("Sisi depan", "Sisi belakang"), strict=True)
        ],
        "scale_ticks": ("0", "10", "20", "30", "40", "50"),
    }
    html = _render_template("cards/card/lembar_cetak.html", context)
    return (
        _html(html)
        .render(
            stylesheets=[_stylesheets()["card"], _stylesheets()["a4"]], font_config=_font_config()
        )
        .write_pdf()
    )


def _check(orientation: str, side: str) -> None:
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}")
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}")


def _data_uri(image: bytes) -> str:
    mime_type = "image/png" if image.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime_type};base64,{base64.b64encode(image).decode('ascii')}"


# ---- Template engine and WeasyPrint set-up, made once per process ----------------------

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


class StaticOnlyFetcher(URLFetcher):
    """Resolves data: URIs and files under static/ only: a card never fetches the network."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not url.startswith("file:") or not path.is_relative_to(STATIC_DIR) or not path.is_file():
            raise ValueError(f"card rendering may only read static files, not {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher()


@functools.cache
def _stylesheets() -> dict[str, weasyprint.CSS]:
    """card.css parsed once (its @font-face rules load the fonts once), plus page sizes."""

    def css(string: str) -> weasyprint.CSS:
        return weasyprint.CSS(string=string, url_fetcher=_fetcher(), font_config=_font_config())

    sheets = {
        "card": weasyprint.CSS(
            filename=STATIC_DIR / "css" / "card.css",
            url_fetcher=_fetcher(),
            font_config=_font_config(),
        ),
        "a4": css("@page { size: A4; margin: 0 } body { margin: 0 }"),
    }
    for orientation, (width, height) in CARD_SIZE_MM.items():
        sheets[orientation] = css(
            f"@page {{ size: {width}mm {height}mm; margin: 0 }} body {{ margin: 0 }}"
            ".halaman { break-after: page } .halaman:last-child { break-after: auto }"
        )
    return sheets


def _html(markup: str) -> weasyprint.HTML:
    return weasyprint.HTML(
        string=markup, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()
    )
