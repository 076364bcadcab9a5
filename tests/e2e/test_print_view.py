"""The print view printed as people print it: Chrome's default settings, backgrounds off.

The printed PDF is rasterised and looked at: two cards at true size with their colours, the
QR code readable, cut marks at every corner, a 50 mm bar that measures 50 mm.
"""

from collections import deque

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from accounts.models import Employee
from cards import services
from cards.models import Card
from cards.signing import claims
from tests.e2e.conftest import DEMO_PNS, log_in

CARD_MM = {"portrait": (53.98, 85.60), "landscape": (85.60, 53.98)}
DPI = 300
PX_PER_MM = DPI / 25.4


def choose_layout(orientation: str) -> None:
    card = services.card_for(Employee.objects.get(nip=DEMO_PNS))
    Card.objects.filter(pk=card.pk).update(orientation=orientation)


def printed_page(pdf: bytes, dpi: int) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert len(document) == 1  # one sheet of paper
        return document[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def inked_regions(page: Image.Image, px_per_mm: float) -> list[tuple[float, float, float, float]]:
    """Bounding boxes (mm) of connected areas that are not paper-white."""
    width, height = page.size
    pixels = page.tobytes()
    inked = bytearray(1 if value < 248 else 0 for value in pixels)
    boxes = []
    for start in range(width * height):
        if not inked[start]:
            continue
        inked[start] = 0
        queue, left, top, right, bottom = deque([start]), width, height, 0, 0
        while queue:
            index = queue.popleft()
            x, y = index % width, index // width
            left, top, right, bottom = min(left, x), min(top, y), max(right, x), max(bottom, y)
            for near in (index - 1, index + 1, index - width, index + width):
                if 0 <= near < width * height and inked[near] and abs(near % width - x) <= 1:
                    inked[near] = 0
                    queue.append(near)
        boxes.append(tuple(v / px_per_mm for v in (left, top, right + 1 - left, bottom + 1 - top)))
    return boxes


def dark_in(page: Image.Image, left_mm, top_mm, right_mm, bottom_mm) -> bool:
    box = tuple(round(v * PX_PER_MM) for v in (left_mm, top_mm, right_mm, bottom_mm))
    return page.crop(box).getextrema()[0] < 100


def longest_dark_run_mm(page: Image.Image, top_mm: float) -> float:
    width, height = page.size
    pixels = page.tobytes()
    best = 0
    for y in range(round(top_mm * PX_PER_MM), height):
        run = 0
        for value in pixels[y * width : (y + 1) * width]:
            run = run + 1 if value < 100 else 0
            best = max(best, run)
    return best / PX_PER_MM


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_printing_with_default_settings_gives_both_sides_cut_marks_and_the_50_mm_bar(
    browser, live_server, demo_data, shot, settings, orientation
):
    choose_layout(orientation)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(live_server.url + "/layanan/kartu-asn/cetak/?tanpa-dialog")
    page.wait_for_load_state("networkidle")
    pdf = page.pdf()  # Chrome's defaults: background graphics off
    context.close()

    coarse = printed_page(pdf, 2 * 25.4)  # 2 px per mm
    cards = [box for box in inked_regions(coarse, 2) if box[2] > 40 and box[3] > 40]
    width_mm, height_mm = CARD_MM[orientation]
    assert len(cards) == 2, cards  # front and back, nothing painted over them
    for _, _, width, height in cards:
        assert width == pytest.approx(width_mm, abs=1) and height == pytest.approx(height_mm, abs=1)

    sheet = printed_page(pdf, DPI)
    sheet.save(f"test-artifacts/cetak-cetakan-{orientation}.png")
    codes = zxingcpp.read_barcodes(sheet, formats=zxingcpp.BarcodeFormat.QRCode)
    card = Card.objects.get(employee__nip=DEMO_PNS)
    [printed] = [code.text for code in codes]
    url, _hash, payload = printed.partition("#")  # the verification URL, then the signed part
    assert url == f"{settings.PUBLIC_BASE_URL}/v/{card.token}/"
    assert claims.verify(claims.from_fragment(payload)).card_number == card.number
    for left, top, width, height in cards:
        right, bottom = left + width, top + height
        # The navy header band printed: the card's colours survive "background graphics off".
        header = sheet.crop(
            tuple(round(v * PX_PER_MM) for v in (left + 12, top + 0.5, right - 12, top + 1.2))
        )
        assert header.getextrema()[1] < 90  # dark all along the top edge
        # A cut mark beyond each corner, horizontal and vertical, off the card itself.
        for x, outward_x in ((left, -1), (right, 1)):
            for y, outward_y in ((top, -1), (bottom, 1)):
                near_x, far_x = sorted((x + outward_x * 2, x + outward_x * 4.5))
                near_y, far_y = sorted((y + outward_y * 2, y + outward_y * 4.5))
                assert dark_in(sheet, near_x, y - 0.8, far_x, y + 0.8), ("horizontal", x, y)
                assert dark_in(sheet, x - 0.8, near_y, x + 0.8, far_y), ("vertical", x, y)

    below_cards = max(top + height for _, top, _, height in cards) + 6
    assert longest_dark_run_mm(sheet, below_cards) == pytest.approx(50, abs=0.4)


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_print_view_does_not_scroll_sideways_on_a_360_px_phone(
    browser, live_server, demo_data, shot, orientation
):
    choose_layout(orientation)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(live_server.url + "/layanan/kartu-asn/cetak/?tanpa-dialog")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(".print-cut .kartu").count() == 2
    shot(page, f"cetak-360px-{orientation}")
    context.close()


def test_print_view_screens_for_people(browser, live_server, demo_data, shot):
    """Screenshots of the print view on a phone and a desktop, kept for people to look at."""
    for name, viewport in (("390", (390, 844)), ("1366", (1366, 768))):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        log_in(page, live_server.url)
        page.goto(live_server.url + "/layanan/kartu-asn/cetak/?tanpa-dialog")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        shot(page, f"cetak-{name}px")
        context.close()
