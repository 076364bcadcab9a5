"""WeasyPrint set-up shared by every render, made once per process.

Parsing card.css and loading its fonts costs more than laying out a card, so the stylesheets
and the font configuration are built once and reused. Rendering reads nothing but the card
photo, data: URIs and files under static/: never the network.
"""

import base64
import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CARD_SIZE_MM = {"landscape": (85.60, 53.98), "portrait": (53.98, 85.60)}
# In PDF renders the photo is served by the URL fetcher rather than inlined as a data: URI:
# parsing 100 kB of base64 in the HTML costs WeasyPrint more than the rest of the markup.
PHOTO_URL = "foto-kartu:foto"


class StaticOnlyFetcher(URLFetcher):
    """Resolves data: URIs, files under static/ and the card photo: never the network."""

    def __init__(self, photo: bytes | None = None):
        super().__init__(allowed_protocols=(), fail_on_errors=True)
        self.photo = photo

    def fetch(self, url, headers=None):
        if url == PHOTO_URL and self.photo:
            return _Response(url, self.photo, image_type(self.photo))
        if url.startswith("data:"):
            meta, _, data = url[5:].partition(",")
            if meta.endswith(";base64"):
                return _Response(url, base64.b64decode(data), meta[:-7])
            return _Response(url, unquote_to_bytes(data), meta.partition(";")[0])
        if url.startswith("file:"):
            return _Response(url, *_static_file(url2pathname(urlsplit(url).path)))
        raise ValueError(f"card rendering reads no URL outside static/: {url}")


class _Response(URLFetcherResponse):
    # The content type is passed straight through: WeasyPrint's default, a parsed e-mail
    # header, costs about a millisecond per image.
    def __init__(self, url: str, body: bytes, content_type: str):
        super().__init__(url, body)
        self._content_type = content_type

    @property
    def content_type(self) -> str:
        return self._content_type


@functools.lru_cache(maxsize=64)
def _static_file(path: str) -> tuple[bytes, str]:
    resolved = Path(path).resolve()
    if not resolved.is_relative_to(STATIC_DIR) or not resolved.is_file():
        raise ValueError(f"card rendering reads only files under static/, not {path}")
    return resolved.read_bytes(), mimetypes.guess_type(resolved.name)[0] or ""


def image_type(image: bytes) -> str:
    return "image/png" if image.startswith(b"\x89PNG") else "image/jpeg"


@functools.cache
def font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def static_fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher()


@functools.cache
def stylesheets() -> dict[str, weasyprint.CSS]:
    """card.css parsed once (its @font-face rules load the fonts once), plus page sizes."""
    pages = {
        orientation: f"@page {{ size: {width}mm {height}mm; margin: 0 }} body {{ margin: 0 }}"
        ".halaman { break-after: page } .halaman:last-child { break-after: auto }"
        for orientation, (width, height) in CARD_SIZE_MM.items()
    }
    pages["a4"] = "@page { size: A4; margin: 0 } body { margin: 0 }"
    sheets = {name: _css(string=css) for name, css in pages.items()}
    sheets["card"] = _css(filename=STATIC_DIR / "css" / "card.css")
    return sheets


class CardHTML(weasyprint.HTML):
    """A card document: a handful of element types, so a user-agent stylesheet for just those.

    WeasyPrint's full HTML stylesheet is matched against every element and pseudo-element;
    this small one makes a card render about a tenth faster. Should the hook ever be renamed,
    WeasyPrint simply uses its own stylesheet again: slower, same result.
    """

    def _ua_stylesheets(self, forms=False):
        return [card_ua_stylesheet()]


@functools.cache
def card_ua_stylesheet() -> weasyprint.CSS:
    return _css(
        string="head, meta, title, style, script { display: none }"
        " html, body, div, p { display: block }"
        ' br::before { content: "\\A"; white-space: pre-line }'
        " strong { font-weight: bold } img { overflow: hidden }"
    )


def _css(**source) -> weasyprint.CSS:
    return weasyprint.CSS(**source, url_fetcher=static_fetcher(), font_config=font_config())
