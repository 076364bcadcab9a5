import io
from unittest import mock

import pypdf
import pytest
from PIL import Image

from cards import rendering
from cards.models import Card
from cards.signing import claims
from tests.cards.test_rendering import read_signed_qr

pytestmark = pytest.mark.django_db

BASE = "/layanan/kartu-asn/unduh/"
NAMES = ["depan.png", "belakang.png", "depan.pdf", "belakang.pdf", "kartu.pdf"]
MM_PER_PT = 25.4 / 72


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def page_size_mm(content: bytes) -> tuple[float, float]:
    box = pypdf.PdfReader(io.BytesIO(content)).pages[0].mediabox
    return round(float(box.width) * MM_PER_PT, 2), round(float(box.height) * MM_PER_PT, 2)


@pytest.mark.parametrize(
    "orientation, size", [("landscape", (85.60, 53.98)), ("portrait", (53.98, 85.60))]
)
def test_card_pdf_is_exactly_id1_size(employee_client, card, orientation, size):
    Card.objects.filter(pk=card.pk).update(orientation=orientation)
    response = employee_client.get(BASE + "depan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert page_size_mm(response.content) == pytest.approx(size, abs=0.05)


def test_download_is_named_after_nip_layout_and_side(employee_client, employee, card):
    response = employee_client.get(BASE + "depan.png")
    expected = f'attachment; filename="kartu-asn-{employee.nip}-portrait-depan.png"'
    assert response["Content-Disposition"] == expected


def test_front_png_is_300_dpi_and_its_qr_decodes_to_the_absolute_verification_url(
    employee_client, card, settings
):
    Card.objects.filter(pk=card.pk).update(orientation="landscape")
    image = Image.open(io.BytesIO(employee_client.get(BASE + "depan.png").content))
    assert image.size == (pytest.approx(1011, abs=1), pytest.approx(638, abs=1))
    url, digits = read_signed_qr(image.convert("L")).split("#")
    assert url == f"{settings.PUBLIC_BASE_URL}/v/{card.token}/"
    assert claims.verify(claims.from_fragment(digits)).card_number == card.number


def test_qr_uses_public_base_url_not_the_request_host(employee_client, card, settings):
    settings.PUBLIC_BASE_URL = "https://mysapk.example.go.id"
    settings.ALLOWED_HOSTS = ["*"]
    response = employee_client.get(BASE + "depan.png", HTTP_HOST="evil.example")
    text = read_signed_qr(Image.open(io.BytesIO(response.content)).convert("L"))
    assert text.split("#")[0] == f"https://mysapk.example.go.id/v/{card.token}/"


def test_a_change_of_position_shows_in_the_next_pdf(employee_client, employee, card):
    assert "Analis Kepegawaian Ahli Muda" in pdf_text(
        employee_client.get(BASE + "depan.pdf").content
    )
    employee.position = "Kepala Bagian Mutasi"
    employee.save()
    text = pdf_text(employee_client.get(BASE + "depan.pdf").content)
    assert "Kepala Bagian Mutasi" in text and "Analis Kepegawaian" not in text


def test_repeat_download_is_served_from_the_cache(employee_client, card):
    with mock.patch.object(rendering, "render_document", wraps=rendering.render_document) as spy:
        first = employee_client.get(BASE + "belakang.png").content
        second = employee_client.get(BASE + "belakang.png").content
    assert spy.call_count == 1 and first == second


def test_one_layout_serves_all_four_side_files(employee_client, card):
    with mock.patch.object(rendering, "render_document", wraps=rendering.render_document) as spy:
        for name in ("depan.png", "belakang.png", "depan.pdf", "belakang.pdf"):
            assert employee_client.get(BASE + name).status_code == 200
    assert spy.call_count == 1


def test_single_side_pdf_has_one_page_with_that_side(employee_client, employee, card):
    front = pypdf.PdfReader(io.BytesIO(employee_client.get(BASE + "depan.pdf").content))
    back = pypdf.PdfReader(io.BytesIO(employee_client.get(BASE + "belakang.pdf").content))
    assert len(front.pages) == len(back.pages) == 1
    assert employee.formatted_nip in front.pages[0].extract_text()
    assert card.number in back.pages[0].extract_text()


def test_layout_change_re_renders_by_itself(employee_client, card):
    portrait = Image.open(io.BytesIO(employee_client.get(BASE + "depan.png").content))
    employee_client.post("/layanan/kartu-asn/tata-letak/", {"orientation": "landscape"})
    landscape = Image.open(io.BytesIO(employee_client.get(BASE + "depan.png").content))
    assert portrait.width < portrait.height and landscape.width > landscape.height


def test_print_sheet_is_a4_with_both_sides_and_a_scale_bar(employee_client, employee, card):
    content = employee_client.get(BASE + "kartu.pdf").content
    assert page_size_mm(content) == pytest.approx((210, 297), abs=0.1)
    text = pdf_text(content)
    assert "50 mm" in text and card.number in text and employee.name in text


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitor_gets_404_on_every_download(client, card, name):
    assert client.get(BASE + name).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_employee_without_a_card_gets_404_on_every_download(client, card, agency, name):
    from tests.factories import EmployeeFactory

    no_card_yet = EmployeeFactory(agency=agency, start_date=None)
    client.force_login(no_card_yet)
    assert client.get(BASE + name).status_code == 404


def test_another_employee_only_ever_gets_their_own_card(client, card, other_employee):
    client.force_login(other_employee)
    text = pdf_text(client.get(BASE + "depan.pdf", {"nip": card.employee.nip}).content)
    assert other_employee.formatted_nip in text and card.employee.formatted_nip not in text


@pytest.mark.parametrize(
    "path",
    [
        "depan.jpg",
        "..%2F..%2Fvar%2Fmysapk.sqlite3",
        "depan.png.exe",
        "DEPAN.PNG",
        "%2e%2e/settings.py",
    ],
)
def test_tampered_download_paths_get_404(employee_client, card, path):
    assert employee_client.get(BASE + path).status_code == 404
