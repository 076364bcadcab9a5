"""The card as rendered: real WeasyPrint PDFs, real PNGs, QR codes read back with zxing-cpp.

No database: the renderer is a pure function of a CardFace.
"""

import dataclasses
import datetime
import io
import math
import re

import pypdf
import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageFilter

from cards import rendering
from cards.fitting import ELLIPSIS
from cards.raster import pdf_page_png
from cards.samples import sample_face
from cards.signing import claims, keys
from cards.weasy import StaticOnlyFetcher

MM_PER_PT = 25.4 / 72
MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS pixels
CARD_MM = {"landscape": (85.60, 53.98), "portrait": (53.98, 85.60)}

SITI = sample_face()
# As long as real titles, ministries and units get, on a PPPK card without a photo yet.
PANJANG = dataclasses.replace(
    SITI,
    full_name=(
        "Prof. Dr. Ir. Hj. Raden Ajeng Siti Rahmawati Kusumaningtyas Wulandari Prawiranegara "
        "Hadiningrat, S.Kom., M.T., M.Sc., Ph.D."
    ),
    asn_type="PPPK",
    position=(
        "Analis Sumber Daya Manusia Aparatur Ahli Madya pada Biro Organisasi dan Sumber Daya "
        "Manusia Aparatur"
    ),
    agency="Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan Republik Indonesia",
    work_unit=(
        "Bagian Perencanaan, Evaluasi, dan Pelaporan Kinerja Sekretariat Deputi Bidang "
        "Koordinasi Peningkatan Kualitas Kesehatan dan Pembangunan Kependudukan"
    ),
    rank_label="Golongan IX",
    verify_url="https://kartu-asn.example.go.id/v/ABCDEFGHJKMNPQRSTUVWXYZ2/",
    photo=None,
)
# As long as real titles, positions and agencies commonly get: printed in full, never small.
PANJANG_NYATA = dataclasses.replace(
    SITI,
    full_name="Prof. Dr. Ir. H. Muhammad Syarifuddin Hasibuan, S.H., M.H., M.Si.",
    position="Analis Sumber Daya Manusia Aparatur Ahli Madya",
    agency="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
    work_unit=(
        "Bagian Perencanaan, Evaluasi, dan Pelaporan Kinerja Sekretariat Deputi Bidang "
        "Sumber Daya Manusia Aparatur"
    ),
    rank_label="Pembina Utama Muda, IV/c",
)
HURUF_BESAR = dataclasses.replace(
    PANJANG, full_name=PANJANG.full_name.upper(), agency=PANJANG.agency.upper()
)


def at_limit(words: str, limit: int) -> str:
    return (words * (limit // len(words) + 1))[:limit].strip()


# Every field at its database limit: titles 40 + name 150 + titles 60, the rest 200.
BATAS = dataclasses.replace(
    PANJANG,
    full_name=(
        f"{at_limit('Prof. Dr. Ir. H. ', 40)} {at_limit('Raden Mas Wiraatmadja ', 150)}, "
        f"{at_limit('S.H., M.Kn., M.Sc., ', 60)}"
    ),
    position=at_limit("Penata Kelola Sistem dan Teknologi Informasi Ahli Utama ", 200),
    agency=at_limit("Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan ", 200),
    work_unit=at_limit("Bagian Perencanaan Evaluasi dan Pelaporan Kinerja Sekretariat ", 200),
)


def pdf_pages(pdf: bytes) -> list[pypdf.PageObject]:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages


def render_png(face, orientation: str, side: str, dpi: int = 300) -> bytes:
    """One side as PNG, rasterised from its PDF page as the downloads are."""
    return pdf_page_png(rendering.render_pdf(face, orientation, (side,)), dpi)


def page_size_mm(page: pypdf.PageObject) -> tuple[float, float]:
    return float(page.mediabox.width) * MM_PER_PT, float(page.mediabox.height) * MM_PER_PT


def squashed(text: str) -> str:
    """Text without any whitespace: line breaks fall anywhere in extracted PDF text."""
    return re.sub(r"\s+", "", text)


# ---- Size ---------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_pdf_has_one_page_per_side_at_exact_id1_size(orientation):
    pages = pdf_pages(rendering.render_pdf(SITI, orientation))

    assert len(pages) == 2
    for page in pages:
        width, height = page_size_mm(page)
        assert width == pytest.approx(CARD_MM[orientation][0], abs=0.05)
        assert height == pytest.approx(CARD_MM[orientation][1], abs=0.05)


def test_pdf_of_one_side_has_one_page():
    assert len(pdf_pages(rendering.render_pdf(SITI, "portrait", sides=("belakang",)))) == 1


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
@pytest.mark.parametrize("dpi", [300, 600])
def test_png_pixel_size_follows_the_dpi(orientation, dpi):
    image = Image.open(io.BytesIO(render_png(SITI, orientation, "depan", dpi=dpi)))

    width_mm, height_mm = CARD_MM[orientation]
    assert image.format == "PNG"
    assert image.width == pytest.approx(width_mm / 25.4 * dpi, abs=1)  # 85.60 mm @300 = 1011
    assert image.height == pytest.approx(height_mm / 25.4 * dpi, abs=1)
    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.01)


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
@pytest.mark.parametrize("side", rendering.SIDES)
def test_png_corners_are_transparent_and_the_card_opaque(orientation, side):
    image = Image.open(io.BytesIO(render_png(SITI, orientation, side)))
    width, height = image.size
    alpha = image.getchannel("A")

    assert image.mode == "RGBA"
    for corner in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)):
        assert alpha.getpixel(corner) == 0  # outside the 3.18 mm rounded corner
    for inner in (
        (width // 2, 0),
        (0, height // 2),
        (width - 1, height // 2),
        (width // 2, height - 1),
    ):
        assert alpha.getpixel(inner) == 255  # the edges between the corners are card
    assert alpha.crop((40, 40, width - 40, height - 40)).getextrema() == (255, 255)


def test_a_photo_taller_than_3_4_keeps_its_top_where_the_head_is():
    tall = Image.new("RGB", (600, 1000), (128, 128, 128))
    tall.paste((0, 200, 0), (0, 0, 600, 100))  # top tenth: hair line
    tall.paste((0, 0, 200), (0, 900, 600, 1000))  # bottom tenth: chest
    buffer = io.BytesIO()
    tall.save(buffer, "JPEG", quality=95)
    face = dataclasses.replace(SITI, photo=buffer.getvalue())

    for orientation in rendering.ORIENTATIONS:
        page = rendering.render_document(face, orientation, ("depan",)).pages[0]._page_box
        x, y, w, h = border_rect_mm(boxes_with_class(page, "kartu__foto")[0])
        image = Image.open(io.BytesIO(render_png(face, orientation, "depan"))).convert("RGB")
        px = 300 / 25.4
        column = [
            image.getpixel((round((x + w / 2) * px), round(py)))
            for py in range(round((y + 0.6) * px), round((y + h - 0.6) * px))
        ]
        green = sum(1 for r, g, b in column if g > 150 and r < 80 and b < 80)
        blue = sum(1 for r, g, b in column if b > 150 and r < 80 and g < 80)
        assert green > 2 * blue, orientation


# ---- QR code ------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_qr_code_and_its_caption_are_level_with_the_photo(orientation):
    page = rendering.render_document(SITI, orientation, ("depan",)).pages[0]._page_box
    photo = border_rect_mm(boxes_with_class(page, "kartu__foto")[0])
    qr = border_rect_mm(boxes_with_class(page, "kartu__qr")[0])
    caption = border_rect_mm(boxes_with_class(page, "kartu__qr-keterangan")[0])

    assert qr[1] == pytest.approx(photo[1], abs=0.05)  # same top edge
    assert caption[1] + caption[3] == pytest.approx(photo[1] + photo[3], abs=0.3)
    assert qr[1] + qr[3] <= caption[1] < qr[1] + qr[3] + 3  # right below the code
    assert caption[0] >= qr[0] - 0.05 and caption[0] + caption[2] <= qr[0] + qr[2] + 0.05


def read_qr(png: bytes) -> tuple[zxingcpp.Barcode, Image.Image]:
    image = Image.open(io.BytesIO(png)).convert("L")
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(codes) == 1
    return codes[0], image


@pytest.mark.parametrize("face", [SITI, PANJANG], ids=["short-url", "long-url"])
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_front_qr_decodes_to_the_verification_url(face, orientation):
    code, _ = read_qr(render_png(face, orientation, "depan"))

    assert code.text == face.verify_url
    assert code.extra["ECLevel"] in ("M", "Q", "H")


@pytest.mark.parametrize("face", [SITI, PANJANG], ids=["short-url", "long-url"])
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_qr_modules_are_at_least_0_4_mm_with_a_4_module_quiet_zone(face, orientation):
    dpi = 300
    code, image = read_qr(render_png(face, orientation, "depan", dpi=dpi))
    modules = 17 + 4 * int(code.extra["Version"])
    corners = code.position
    width_px = math.dist(
        (corners.top_left.x, corners.top_left.y), (corners.top_right.x, corners.top_right.y)
    )
    module_px = width_px / modules  # zxing gives the outer corners of the symbol
    assert module_px / dpi * 25.4 >= 0.4

    quiet = 4 * module_px
    left, top = corners.top_left.x, corners.top_left.y
    right, bottom = left + modules * module_px, top + modules * module_px
    ring = [
        image.getpixel((x, y))
        for x in range(round(left - quiet) + 1, round(right + quiet) - 1)
        for y in range(round(top - quiet) + 1, round(bottom + quiet) - 1)
        if not (left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1)
    ]
    assert min(ring) > 200


# ---- The two-layer QR: the live URL, then "#" and the signed payload --------------------

SIGNING_KEY = keys._from_private(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
SIGNED_AT = datetime.datetime(2026, 11, 25, 3, 2, tzinfo=datetime.UTC)


def signed(face, url="https://mysapk.example.go.id/v/ABCDEFGHJKMNPQRSTUVWXYZ234/"):
    """The face as outputs.card_face gives it: its QR text carries a payload of the card."""
    payload = claims.CardClaims(
        face.card_number, face.full_name, face.nip, face.asn_type, face.agency, 4_299_999,
        SIGNED_AT, claims.expiry(SIGNED_AT, None),
    )  # fmt: skip
    digits = claims.to_fragment(claims.sign(payload, SIGNING_KEY))
    return dataclasses.replace(face, verify_url=f"{url}#{digits}")


SIGNED = {"biasa": signed(SITI), "panjang": signed(PANJANG_NYATA)}


def read_signed_qr(image: Image.Image) -> str:
    """The QR text, as a phone reads it: zxing-cpp misses some sharp codes of ~4 px modules
    that it reads once the same pixels are shown larger, as a camera preview does."""
    for candidate in (image, image.resize((image.width * 2, image.height * 2), Image.BILINEAR)):
        codes = zxingcpp.read_barcodes(candidate, formats=zxingcpp.BarcodeFormat.QRCode)
        if codes:
            return codes[0].text
    raise AssertionError("no QR code found")


def assert_is_the_signed_card(text: str, face) -> None:
    url, digits = text.split("#")
    assert text == face.verify_url
    read = claims.verify(claims.from_fragment(digits), lambda kid: SIGNING_KEY.public)
    assert (read.full_name, read.nip, read.card_number) == (
        face.full_name, face.nip, face.card_number,
    )  # fmt: skip


def photo_of_a_print(png_300_dpi: bytes, blur: float = 1.0) -> Image.Image:
    """A phone photo of a printed card: out of focus, 4° askew, 150 dpi, JPEG quality 70."""
    image = Image.open(io.BytesIO(png_300_dpi)).convert("RGB")
    image = image.filter(ImageFilter.GaussianBlur(blur))
    image = image.rotate(4, Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    image = image.resize((image.width // 2, image.height // 2), Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


@pytest.mark.parametrize("name", SIGNED)
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_signed_qr_decodes_from_the_300_dpi_png_to_url_and_a_valid_payload(name, orientation):
    face = SIGNED[name]
    image = Image.open(io.BytesIO(render_png(face, orientation, "depan"))).convert("L")

    assert_is_the_signed_card(read_signed_qr(image), face)


@pytest.mark.parametrize("name", SIGNED)
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_signed_qr_decodes_from_the_pdf_rasterised_at_150_dpi(name, orientation):
    face = SIGNED[name]
    image = Image.open(io.BytesIO(render_png(face, orientation, "depan", dpi=150))).convert("L")

    assert_is_the_signed_card(read_signed_qr(image), face)


@pytest.mark.parametrize("name", SIGNED)
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_signed_qr_decodes_from_a_photo_of_a_print(name, orientation):
    face = SIGNED[name]

    assert_is_the_signed_card(
        read_signed_qr(photo_of_a_print(render_png(face, orientation, "depan"))), face
    )


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_the_longest_signed_qr_still_decodes_from_a_blurrier_photo(orientation):
    # The margin the QR box size was chosen for (README, "Signed QR"): 0.24 mm modules
    # failed even the sharper photo, 0.28 mm read it but not this one.
    face = SIGNED["panjang"]
    png = render_png(face, orientation, "depan")

    assert_is_the_signed_card(read_signed_qr(photo_of_a_print(png, blur=1.3)), face)


def test_back_has_no_qr_code():
    image = Image.open(io.BytesIO(render_png(SITI, "landscape", "belakang")))

    assert zxingcpp.read_barcodes(image) == []


# ---- What is printed ----------------------------------------------------------------


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_pdf_text_has_everything_printed_on_the_card(orientation):
    front, back = (
        page.extract_text() for page in pdf_pages(rendering.render_pdf(SITI, orientation))
    )

    for value in ("19860926 201505 2 001", "PNS", "NIP"):
        assert value in front
    for value in (
        "KARTU ASN VIRTUAL",
        "KARTU APARATUR SIPIL NEGARA",
        SITI.full_name,
        SITI.position,
        SITI.agency,
        "Pindai untuk verifikasi",
    ):
        assert squashed(value) in squashed(front)
    for value in (SITI.card_number, "25 November 2026", "KARTU ASN VIRTUAL"):
        assert value in back
    for value in (
        SITI.rank_label,
        SITI.work_unit,
        "TANGGAL TERBIT",
        "Kartu ini adalah identitas resmi pemegangnya sebagai Aparatur Sipil Negara",
        "Jika menemukan kartu ini, harap kembalikan ke instansi yang tertera",
    ):
        assert squashed(value) in squashed(back)


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_the_back_sends_the_reader_to_the_qr_code_on_the_front(orientation):
    back = pdf_pages(rendering.render_pdf(SITI, orientation, sides=("belakang",)))[0]

    assert squashed("memindai kode QR di sisi depan") in squashed(back.extract_text())
    assert not back.images  # no QR code, nor anything that looks like one


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_pppk_card_labels_the_number_ni_pppk(orientation):
    pppk = dataclasses.replace(SITI, asn_type="PPPK")

    front = pdf_pages(rendering.render_pdf(pppk, orientation, sides=("depan",)))[0].extract_text()

    assert "NI PPPK" in front and "PPPK" in front.replace("NI PPPK", "")
    assert "NIP" not in front


def test_photo_is_embedded_as_is():
    front = pdf_pages(rendering.render_pdf(SITI, "portrait", sides=("depan",)))[0]

    sizes = {image.image.size for image in front.images}
    assert (600, 800) in sizes


def test_card_without_photo_renders_with_a_placeholder():
    pdf = rendering.render_pdf(PANJANG, "landscape")
    code, _ = read_qr(render_png(PANJANG, "landscape", "depan"))

    assert len(pdf_pages(pdf)) == 2
    assert code.text == PANJANG.verify_url
    assert "kartu__foto--kosong" in rendering.card_html(PANJANG, "landscape", "depan")


@pytest.mark.parametrize(
    ("day", "printed"),
    [
        (datetime.date(2026, 11, 25), "25 November 2026"),
        (datetime.date(2026, 1, 5), "5 Januari 2026"),
        (datetime.date(2025, 8, 17), "17 Agustus 2025"),
    ],
)
def test_dates_are_printed_in_indonesian(day, printed):
    assert rendering.format_date_id(day) == printed


# ---- Long values fit -----------------------------------------------------------------


def text_boxes(page_box):
    """(text, rect in mm, enclosing positioned box) for every piece of text on a page."""

    def walk(box, region, line):
        style = getattr(box, "style", None)
        if style is not None and (style["position"] == "absolute" or style["float"] != "none"):
            region = box
        if type(box).__name__ == "LineBox":
            line = box
        if type(box).__name__ == "TextBox" and box.text.strip():
            x, y = box.position_x, line.position_y
            yield box.text, rect_mm(x, y, box.width, line.height), region
        for child in box.all_children() if hasattr(box, "all_children") else ():
            yield from walk(child, region, line)

    yield from walk(page_box, page_box, None)


def boxes_with_class(page_box, css_class):
    def walk(box):
        element = getattr(box, "element", None)
        is_pseudo = "::" in (getattr(box, "element_tag", None) or "")
        if (
            element is not None
            and not is_pseudo
            and css_class in (element.get("class") or "").split()
        ):
            yield box
        for child in box.all_children() if hasattr(box, "all_children") else ():
            yield from walk(child)

    return list(walk(page_box))


def rect_mm(x, y, width, height):
    return tuple(value * MM_PER_PX for value in (x, y, width, height))


def border_rect_mm(box):
    return rect_mm(box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height())


def inside(inner, outer, tolerance=0.02):
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[0] + inner[2] <= outer[0] + outer[2] + tolerance
        and inner[1] + inner[3] <= outer[1] + outer[3] + tolerance
    )


def overlap(a, b, tolerance=0.02):
    return (
        a[0] + a[2] > b[0] + tolerance
        and b[0] + b[2] > a[0] + tolerance
        and a[1] + a[3] > b[1] + tolerance
        and b[1] + b[3] > a[1] + tolerance
    )


def assert_layout_fits(face, orientation):
    document = rendering.render_document(face, orientation)
    for page in document.pages:
        page_box = page._page_box
        card = border_rect_mm(boxes_with_class(page_box, "kartu")[0])
        assert card == pytest.approx((0, 0, *CARD_MM[orientation]), abs=0.02)
        texts = list(text_boxes(page_box))
        obstacles = [
            border_rect_mm(box)
            for css_class in ("kartu__foto", "kartu__qr", "kartu__pita", "kartu__kepala")
            for box in boxes_with_class(page_box, css_class)
        ]
        header = border_rect_mm(boxes_with_class(page_box, "kartu__kepala")[0])
        for text, rect, region in texts:
            # Within the card, and within its own box: nothing runs out of a column.
            assert inside(rect, card), text
            assert inside(rect, border_rect_mm(region)), text
            if not inside(rect, header):  # the card's name and the ASN type sit in the header
                assert not any(overlap(rect, other) for other in obstacles), text
        for index, (text, rect, _) in enumerate(texts):
            for other_text, other_rect, _ in texts[index + 1 :]:
                assert not overlap(rect, other_rect), (text, other_text)


@pytest.mark.parametrize(
    "face",
    [SITI, PANJANG_NYATA, PANJANG, HURUF_BESAR, BATAS],
    ids=["biasa", "panjang-nyata", "panjang", "huruf-besar", "batas-db"],
)
@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_long_values_stay_inside_their_boxes_without_overlapping(face, orientation):
    assert_layout_fits(face, orientation)


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_long_real_world_values_are_printed_in_full(orientation):
    front, back = (
        page.extract_text() for page in pdf_pages(rendering.render_pdf(PANJANG_NYATA, orientation))
    )

    for value in (PANJANG_NYATA.full_name, PANJANG_NYATA.agency, PANJANG_NYATA.position):
        assert squashed(value) in squashed(front)
    assert squashed(PANJANG_NYATA.work_unit) in squashed(back)
    assert ELLIPSIS not in front + back


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_extreme_name_is_printed_in_full_and_the_rest_at_least_begins(orientation):
    front, back = (
        page.extract_text() for page in pdf_pages(rendering.render_pdf(PANJANG, orientation))
    )

    assert squashed(PANJANG.full_name) in squashed(front)
    for value in (PANJANG.agency, PANJANG.position):
        assert squashed(" ".join(value.split()[:3])) in squashed(front)
    assert squashed(" ".join(PANJANG.work_unit.split()[:8])) in squashed(back)


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_long_name_gets_a_smaller_type_size(orientation):
    assert 'kartu__nama ukuran-0"' in rendering.card_html(SITI, orientation, "depan")
    assert 'kartu__nama ukuran-0"' not in rendering.card_html(PANJANG, orientation, "depan")


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_values_at_database_limits_keep_the_full_name_and_shorten_the_rest(orientation):
    front = pdf_pages(rendering.render_pdf(BATAS, orientation, sides=("depan",)))[0].extract_text()

    assert squashed(BATAS.full_name) in squashed(front)
    assert squashed(" ".join(BATAS.agency.split()[:2])) in squashed(front)
    assert ELLIPSIS in front


# ---- The markup shared with the browser preview -----------------------------------------


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
@pytest.mark.parametrize("side", rendering.SIDES)
def test_card_html_is_one_self_contained_root_element(orientation, side):
    html = rendering.card_html(SITI, orientation, side)

    assert html.startswith(f'<div class="kartu kartu--{orientation} kartu--{side}"')
    assert html.endswith("</div>")
    assert "style=" not in html  # the site's CSP allows no inline styles
    assert "http" not in html.replace(SITI.verify_url, "")  # nothing fetched from elsewhere


def test_preview_can_point_at_a_photo_url():
    html = rendering.card_html(SITI, "portrait", "depan", photo_src="/layanan/kartu-asn/foto/7.jpg")

    assert 'src="/layanan/kartu-asn/foto/7.jpg"' in html
    assert "data:image/jpeg" not in html


def test_values_are_html_escaped():
    face = dataclasses.replace(SITI, full_name='<script>alert("x")</script>', agency="A & B")

    html = rendering.card_html(face, "landscape", "depan")

    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "A &amp; B" in html


def test_unknown_orientation_or_side_is_refused():
    with pytest.raises(ValueError):
        rendering.card_html(SITI, "diagonal", "depan")
    with pytest.raises(ValueError):
        render_png(SITI, "portrait", "samping")


@pytest.mark.parametrize(
    "url", ["http://example.com/logo.png", "https://example.com/x.css", "file:///etc/passwd"]
)
def test_renderer_fetches_nothing_outside_static(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_template_version_is_part_of_the_public_contract():
    assert isinstance(rendering.TEMPLATE_VERSION, str) and rendering.TEMPLATE_VERSION
    assert rendering.SIDES == ("depan", "belakang")
    assert rendering.ORIENTATIONS == ("portrait", "landscape")


# ---- Print sheet ------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_print_sheet_is_one_a4_page_with_scale_bar_and_instructions(orientation):
    pages = pdf_pages(rendering.render_print_sheet(SITI, orientation))

    assert len(pages) == 1
    assert page_size_mm(pages[0]) == pytest.approx((210, 297), abs=0.05)
    text = pages[0].extract_text()
    for words in ("50 mm", "100%", "Ukuran sebenarnya", SITI.card_number, "19860926 201505 2 001"):
        assert words in text
    assert squashed(SITI.full_name) in squashed(text)


@pytest.mark.parametrize("orientation", rendering.ORIENTATIONS)
def test_print_sheet_cards_are_true_size_side_by_side(orientation):
    html = rendering.render_print_sheet_document(SITI, orientation)
    page_box = html.pages[0]._page_box

    cards = [border_rect_mm(box) for box in boxes_with_class(page_box, "kartu")]
    scale = border_rect_mm(boxes_with_class(page_box, "skala-50mm")[0])

    assert len(cards) == 2
    for card in cards:
        assert card[2:] == pytest.approx(CARD_MM[orientation], abs=0.01)
        assert inside(card, (8, 8, 194, 281))  # within what any printer prints
    assert cards[0][1] == pytest.approx(cards[1][1])
    assert cards[0][0] + cards[0][2] < cards[1][0]
    assert scale[2] == pytest.approx(50, abs=0.01)


def test_renders_from_several_threads_at_once_all_succeed():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(lambda o: rendering.render_pdf(SITI, o), rendering.ORIENTATIONS * 3))

    assert all(len(pdf_pages(pdf)) == 2 for pdf in pdfs)
