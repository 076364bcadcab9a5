"""After an upload or a crop the employee lands on the preview, told what happened."""

import pytest

from cards.models import PhotoVersion
from tests.portrait import jpeg_upload

pytestmark = pytest.mark.django_db

PHOTO_PAGE = "/layanan/kartu-asn/foto/"
CROP = "/layanan/kartu-asn/foto/potong/"


def test_an_upload_redirects_to_the_preview_with_a_message(employee_client, card_with_photo):
    response = employee_client.post(PHOTO_PAGE, {"photo": jpeg_upload()}, follow=True)

    assert response.redirect_chain == [(PHOTO_PAGE + "#pratinjau", 302)]
    page = response.content.decode()
    assert 'id="pratinjau"' in page
    preview = page[page.index('id="pratinjau"') :]
    assert 'role="status"' in preview.split("</section>")[0]
    assert "Foto baru sudah diunggah" in preview.split("</section>")[0]


def test_the_browser_script_is_answered_where_to_go_instead_of_a_redirect(
    employee_client, card_with_photo
):
    response = employee_client.post(
        PHOTO_PAGE, {"photo": jpeg_upload()}, headers={"Accept": "application/json"}
    )

    assert response.status_code == 200
    assert response.json() == {"location": PHOTO_PAGE + "#pratinjau"}
    assert "Foto baru sudah diunggah" in employee_client.get(PHOTO_PAGE).content.decode()


def test_a_refused_upload_from_the_script_gets_the_page_with_the_reason(employee_client, card):
    response = employee_client.post(
        PHOTO_PAGE,
        {"photo": jpeg_upload(width=100, height=100)},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    errors = page[page.index("data-upload-errors") :].split('<div class="field')[0]
    assert 'role="alert"' in errors


def test_a_crop_lands_on_the_preview_with_a_message(employee_client, card_with_photo, employee):
    employee_client.post(PHOTO_PAGE, {"photo": jpeg_upload()})
    candidate = PhotoVersion.objects.get(employee=employee, status="candidate")

    response = employee_client.post(
        CROP, {"candidate": candidate.pk, "zoom": 120, "x": 50, "y": 30}, follow=True
    )

    assert response.redirect_chain == [(PHOTO_PAGE + "#pratinjau", 302)]
    assert "Potongan foto sudah diterapkan" in response.content.decode()


def test_the_guidance_is_open_on_a_first_visit_and_folded_after_an_upload(
    employee_client, card_with_photo
):
    first = employee_client.get(PHOTO_PAGE).content.decode()
    assert '<details class="panel guidance" data-open-wide open>' in first

    employee_client.post(PHOTO_PAGE, {"photo": jpeg_upload()})
    after = employee_client.get(PHOTO_PAGE).content.decode()
    assert '<details class="panel guidance" data-open-wide>' in after
    assert "Tanpa filter" in after  # folded, not gone


def test_the_crop_controls_are_plain_number_fields_until_the_script_makes_them_sliders(
    employee_client, card_with_photo
):
    employee_client.post(PHOTO_PAGE, {"photo": jpeg_upload()})
    page = employee_client.get(PHOTO_PAGE).content.decode()

    assert 'type="range"' not in page
    assert 'type="number" name="zoom"' in page and "Terapkan Potongan" in page
    assert '<div class="crop-stage" hidden>' in page
